package org.magpie.plugin.archive.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Delay;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.StanzaText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History queries (XEP-0313 with XEP-0059 paging) of a user's one-to-one archive, one conversation of
 * it, or a group's history: the query form, a query parsed, one page of results, the result messages
 * and the {@code <fin/>}, and the archive's metadata.
 */
final class MamQueries {

    private static final Logger LOG = LoggerFactory.getLogger(MamQueries.class);

    /** A parsed history query. */
    record Query(String with, Instant start, Instant end, int max, String after, String before, boolean backward) {
    }

    /** The result of a query: the page in ascending order and whether it reaches the end of the range. */
    record Page(List<HistoryStore.Stored> items, boolean complete) {
    }

    private final ArchiveContext context;
    private final HistoryStore history;

    MamQueries(ArchiveContext context) {
        this.context = context;
        this.history = context.store.history();
    }

    /** XEP-0313 §4.1.1: the filters this archive understands. */
    static Element form() {
        DataForm form = DataForm.of("form", null, null)
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, Namespaces.MAM))
                .with(DataForm.Field.of("with", "jid-single", null))
                .with(DataForm.Field.of("start", "text-single", null))
                .with(DataForm.Field.of("end", "text-single", null));
        return Element.builder("query", Namespaces.MAM).child(form.toElement()).build();
    }

    Query parse(Element query) throws StanzaException {
        String with = null;
        Instant start = null;
        Instant end = null;
        Optional<Element> x = query.child("x", Namespaces.DATA_FORMS);
        if (x.isPresent()) {
            for (DataForm.Field field : DataForm.parse(x.get()).fields()) {
                String var = field.var();
                String value = field.values().isEmpty() ? "" : field.values().get(0).strip();
                switch (var == null ? "" : var) {
                    case "FORM_TYPE" -> {
                        if (!value.equals(Namespaces.MAM)) {
                            throw bad("mam.form.type");
                        }
                    }
                    case "with" -> with = value.isEmpty() ? null : bareJid(value);
                    case "start" -> start = value.isEmpty() ? null : time(value, "start");
                    case "end" -> end = value.isEmpty() ? null : time(value, "end");
                    default -> throw bad("mam.filter.unsupported", var);
                }
            }
        }
        ArchiveSettings s = context.settings();
        int max = s.mamDefault();
        String after = null;
        String before = null;
        boolean backward = false;
        Optional<Element> set = query.child("set", Namespaces.RSM);
        if (set.isPresent()) {
            Element rsm = set.get();
            if (rsm.child("index", Namespaces.RSM).isPresent()) {
                throw context.texts.text("mam.index").exception(Condition.FEATURE_NOT_IMPLEMENTED);
            }
            Optional<String> m = rsm.child("max", Namespaces.RSM).map(Element::text).map(String::strip);
            if (m.isPresent()) {
                try {
                    max = Integer.parseInt(m.get());
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 0) {
                    throw bad("mam.max");
                }
                max = Math.min(max, s.mamMax());
            }
            after = rsm.child("after", Namespaces.RSM).map(Element::text).map(String::strip).orElse(null);
            Optional<Element> b = rsm.child("before", Namespaces.RSM);
            if (b.isPresent()) {
                backward = true;
                String text = b.get().text().strip();
                before = text.isEmpty() ? null : text;
            }
            if (after != null && backward) {
                throw bad("mam.after.and.before");
            }
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw bad("mam.end.before.start");
        }
        return new Query(with, start, end, max, after, before, backward);
    }

    /**
     * One page of a conversation ({@code conversation} non-null: a pair or a room) or of the owner's
     * whole one-to-one archive.
     *
     * @throws StanzaException item-not-found when {@code after}/{@code before} names no message of it
     */
    Page page(String owner, String conversation, Query q) throws StanzaException {
        long low = q.start() == null ? 0 : Ids.first(q.start());
        long high = q.end() == null ? Long.MAX_VALUE : Ids.last(q.end());
        String cursor = q.after() != null ? q.after() : q.before();
        if (cursor != null) {
            long id = Ids.parse(cursor);
            boolean known = id >= 0 && (conversation != null ? history.inConversation(conversation, viewer(owner), id)
                    : history.inPersonal(owner, id));
            if (!known) {
                throw context.texts.text("mam.cursor.unknown", cursor).exception(Condition.ITEM_NOT_FOUND);
            }
            if (q.after() != null) {
                low = Math.max(low, id + 1);
            } else {
                high = Math.min(high, id - 1);
            }
        }
        if (q.max() == 0 || low > high) {
            return new Page(List.of(), q.max() != 0 || low > high);
        }
        HistoryStore.Range range = new HistoryStore.Range(low, high, !q.backward(), q.max() + 1);
        List<HistoryStore.Stored> rows = conversation != null ? history.conversation(conversation, viewer(owner), range)
                : history.personal(owner, range);
        boolean complete = rows.size() <= q.max();
        if (!complete) {
            rows = q.backward() ? rows.subList(1, rows.size()) : rows.subList(0, q.max());
        }
        int fit = fitting(rows, q.backward(), context.settings().mamMaxBytes());
        if (fit < rows.size()) {
            // the page is cut short; RSM first/last name what was sent, so the client pages on from there
            rows = q.backward() ? rows.subList(rows.size() - fit, rows.size()) : rows.subList(0, fit);
            complete = false;
        }
        return new Page(List.copyOf(rows), complete);
    }

    /** Rooms have no per-viewer rows; a name no account has stands for "nobody in particular". */
    private static String viewer(String owner) {
        return owner == null ? "" : owner;
    }

    /**
     * How many rows, from the start of the page (forward) or its end (backward), fit in {@code maxBytes}
     * of stored XML; at least one, so a single large message still comes, alone.
     */
    static int fitting(List<HistoryStore.Stored> rows, boolean backward, long maxBytes) {
        long total = 0;
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            HistoryStore.Stored row = rows.get(backward ? rows.size() - 1 - i : i);
            total += utf8Length(row.stanza());
            if (n > 0 && total > maxBytes) {
                break;
            }
            n++;
        }
        return n;
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            bytes += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
        }
        return bytes;
    }

    /**
     * The XEP-0313 result message for one archived message; empty (logged) when the stored text cannot
     * be read back, so one bad row never fails a whole page.
     */
    Optional<Stanza> result(HistoryStore.Stored item, Jid archive, EntityFullJid to, String queryId) {
        Element message;
        try {
            message = StanzaText.read(item.stanza());
        } catch (IllegalArgumentException e) {
            LOG.error("archived message {} cannot be read back and is left out of {}'s history page: {}", item.id(),
                    to, e.getMessage());
            return Optional.empty();
        }
        if (message.child("stanza-id", Namespaces.STANZA_ID).isEmpty()) {
            message = message.withChild(MessageArchiver.stanzaId(item.id(), archive));
        }
        Element forwarded = Element.builder("forwarded", Namespaces.FORWARD)
                .child(Delay.of(null, Ids.instant(item.id())))
                .child(message).build();
        Element result = Element.builder("result", Namespaces.MAM).attribute("queryid", queryId)
                .attribute("id", Ids.format(item.id())).child(forwarded).build();
        return Optional.of(Stanza.create(Stanza.Kind.MESSAGE, archive, to, MessageType.NORMAL, Stanza.newId(), List.of(result)));
    }

    /** The XEP-0313 {@code <fin/>} of a page. */
    static Element fin(Page page) {
        Element.Builder set = Element.builder("set", Namespaces.RSM);
        if (!page.items().isEmpty()) {
            set.child(Element.builder("first", Namespaces.RSM).text(Ids.format(page.items().get(0).id())).build());
            set.child(Element.builder("last", Namespaces.RSM).text(Ids.format(page.items().get(page.items().size() - 1).id())).build());
        }
        return Element.builder("fin", Namespaces.MAM).attribute("complete", page.complete() ? "true" : null).child(set.build()).build();
    }

    /** XEP-0313 metadata: the first and last message of the owner's archive. */
    Element metadata(String owner) {
        Element.Builder meta = Element.builder("metadata", Namespaces.MAM);
        List<HistoryStore.Stored> first = history.personal(owner, new HistoryStore.Range(0, Long.MAX_VALUE, true, 1));
        if (!first.isEmpty()) {
            List<HistoryStore.Stored> last = history.personal(owner, new HistoryStore.Range(0, Long.MAX_VALUE, false, 1));
            meta.child(mark("start", first.get(0).id()));
            meta.child(mark("end", last.get(0).id()));
        }
        return meta.build();
    }

    private static Element mark(String name, long id) {
        return Element.builder(name, Namespaces.MAM).attribute("id", Ids.format(id))
                .attribute("timestamp", Delay.stamp(Ids.instant(id))).build();
    }

    private StanzaException bad(String key, Object... args) {
        return context.texts.text(key, args).exception(Condition.BAD_REQUEST);
    }

    private String bareJid(String value) throws StanzaException {
        try {
            return JidCreate.from(value).asBareJid().toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw context.texts.text("mam.with.malformed", value).exception(Condition.JID_MALFORMED);
        }
    }

    private Instant time(String value, String field) throws StanzaException {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw bad("mam.time.malformed", field, value);
        }
    }
}
