package org.magpie.plugin.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.xml.Element;

/**
 * The archive's parts on an in-memory database, without the core: history queries (parsing, pages,
 * the form), the group path into history and inbox, preferences and their removal with the account.
 */
class ArchivePartsTest {

    private static final AtomicInteger DBS = new AtomicInteger();
    private static final String ROOM = "10001@rooms.example.com";

    private ArchiveStore store;
    private ArchiveEngine engine;

    @BeforeEach
    void open() throws Exception {
        store = TestStores.open("memory:archive-parts" + DBS.incrementAndGet());
        engine = new ArchiveEngine(store, () -> null, null, null, JidCreate.domainBareFrom("example.com"),
                new ArchiveSettings(true, 100, 10, 5, 262144, true), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Element query(Element... children) {
        Element.Builder q = Element.builder("query", Namespaces.MAM);
        for (Element c : children) {
            q.child(c);
        }
        return q.build();
    }

    private static Element form(String... varsAndValues) {
        DataForm form = DataForm.of("submit", null, null).with(DataForm.Field.of("FORM_TYPE", "hidden", null, Namespaces.MAM));
        for (int i = 0; i < varsAndValues.length; i += 2) {
            form = form.with(DataForm.Field.of(varsAndValues[i], null, null, varsAndValues[i + 1]));
        }
        return form.toElement();
    }

    private static Element rsm(String... namesAndTexts) {
        Element.Builder set = Element.builder("set", Namespaces.RSM);
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            set.child(Element.builder(namesAndTexts[i], Namespaces.RSM).text(namesAndTexts[i + 1]).build());
        }
        return set.build();
    }

    private Condition refused(Element query) {
        return assertThrows(StanzaException.class, () -> engine.queries().parse(query)).error().condition();
    }

    @Test
    void aQueryIsReadFromItsFormAndPaging() throws StanzaException {
        MamQueries.Query q = engine.queries().parse(query(form("with", "Bob@Example.com/phone",
                "start", "2026-01-01T08:00:00+08:00", "end", " 2026-01-02T00:00:00Z "), rsm("max", "50", "before", "")));
        assertEquals("bob@example.com", q.with());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), q.start());
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), q.end());
        assertEquals(10, q.max(), "clipped to the largest page");
        assertTrue(q.backward());
        assertNull(q.before(), "an empty before asks for the last page");

        MamQueries.Query plain = engine.queries().parse(query());
        assertEquals(5, plain.max(), "the default page");
        assertNull(plain.with());
    }

    @Test
    void badQueriesAreRefusedAsBefore() {
        Element otherForm = DataForm.of("submit", null, null).with(DataForm.Field.of("FORM_TYPE", "hidden", null, "urn:x"))
                .toElement();
        assertEquals(Condition.BAD_REQUEST, refused(query(otherForm)));
        assertEquals(Condition.BAD_REQUEST, refused(query(form("fulltext", "hello"))));
        assertEquals(Condition.BAD_REQUEST, refused(query(form("start", "yesterday"))));
        assertEquals(Condition.JID_MALFORMED, refused(query(form("with", "<x>@example.com"))));
        assertEquals(Condition.BAD_REQUEST, refused(query(form("start", "2026-01-02T00:00:00Z", "end", "2026-01-01T00:00:00Z"))));
        assertEquals(Condition.BAD_REQUEST, refused(query(rsm("max", "-1"))));
        assertEquals(Condition.BAD_REQUEST, refused(query(rsm("after", "x", "before", "y"))));
        assertEquals(Condition.FEATURE_NOT_IMPLEMENTED, refused(query(rsm("index", "3"))));
    }

    @Test
    void theTextOfARefusalNamesTheFieldInBothLanguages() {
        StanzaException e = assertThrows(StanzaException.class, () -> engine.queries().parse(query(form("end", "soon"))));
        assertEquals("'end' is not a date and time like 2024-05-01T08:00:00Z: soon", e.error().texts().get("en"));
        assertEquals("'end' 不是有效的日期时间（例如 2024-05-01T08:00:00Z）：soon", e.error().texts().get("zh"));
    }

    @Test
    void theFormOffersWithStartAndEnd() {
        Element query = MamQueries.form();
        DataForm form = DataForm.parse(query.child("x", Namespaces.DATA_FORMS).orElseThrow());
        assertEquals("form", form.type());
        assertEquals(List.of(Namespaces.MAM), form.values("FORM_TYPE"));
        assertEquals(List.of("FORM_TYPE", "with", "start", "end"), form.fields().stream().map(DataForm.Field::var).toList());
        assertEquals("jid-single", form.field("with").orElseThrow().type());
    }

    @Test
    void groupMessagesArePagedAndCountedInTheMembersInboxes() throws StanzaException {
        List<String> members = List.of("alice@example.com", "bob@example.com");
        long first = 0;
        for (int i = 1; i <= 7; i++) {
            Element message = Element.builder("message", Namespaces.CLIENT).attribute("type", "groupchat")
                    .child(Element.builder("body", Namespaces.CLIENT).text("hello " + i).build()).build();
            long id = engine.archiver().storeGroup(ROOM, "alice@example.com", "Alice", message, members);
            first = first == 0 ? id : first;
        }
        MamQueries.Page last = engine.queries().page(null, ROOM, engine.queries().parse(query(rsm("before", ""))));
        assertEquals(5, last.items().size());
        assertTrue(!last.complete());
        MamQueries.Page rest = engine.queries().page(null, ROOM, engine.queries().parse(
                query(rsm("before", Ids.format(last.items().get(0).id())))));
        assertEquals(2, rest.items().size());
        assertTrue(rest.complete());
        assertEquals(first, rest.items().get(0).id());
        Element fin = MamQueries.fin(rest);
        assertEquals("true", fin.attribute("complete"));
        assertEquals(Ids.format(first), fin.child("set", Namespaces.RSM).orElseThrow().child("first", Namespaces.RSM)
                .orElseThrow().text());

        Element bobs = engine.inbox().inbox(JidCreate.entityBareFromOrThrowUnchecked("bob@example.com"));
        assertEquals("7", bobs.attribute("unread"));
        Element conversation = bobs.child("conversation", Inbox.NS).orElseThrow();
        assertEquals("groupchat", conversation.attribute("type"));
        Element lastMessage = conversation.child("last", Inbox.NS).orElseThrow();
        assertEquals("Alice", lastMessage.attribute("nick"));
        assertEquals("hello 7", lastMessage.child("body", Inbox.NS).orElseThrow().text());
        assertEquals("0", engine.inbox().inbox(JidCreate.entityBareFromOrThrowUnchecked("alice@example.com"))
                .attribute("unread"), "the author has read what it wrote");

        store.forgetConversation(ROOM);
        assertEquals("0", engine.inbox().inbox(JidCreate.entityBareFromOrThrowUnchecked("bob@example.com")).attribute("unread"));
    }

    @Test
    void aPageIsCutToItsByteLimitButHoldsOneMessage() {
        List<HistoryStore.Stored> rows = List.of(new HistoryStore.Stored(1, "x".repeat(60)),
                new HistoryStore.Stored(2, "中".repeat(20)), new HistoryStore.Stored(3, "y".repeat(200)));
        assertEquals(2, MamQueries.fitting(rows, false, 120), "60 + 60 bytes fit, not 200 more");
        assertEquals(1, MamQueries.fitting(rows, true, 120), "backward: the last alone");
        assertEquals(1, MamQueries.fitting(rows.subList(2, 3), false, 10), "one large message still comes");
    }

    @Test
    void theArchivingModeIsKeptUntilTheAccountGoes() throws SQLException {
        assertEquals("always", engine.prefs().defaultMode("alice@example.com"));
        engine.prefs().defaultMode("alice@example.com", "never");
        assertTrue(engine.prefs().keepsNothing("alice@example.com"));
        assertEquals("never", new ArchivePrefs(store.db()).defaultMode("alice@example.com"), "stored, not only cached");
        engine.deletions().accountDeleted("alice");
        assertEquals("always", engine.prefs().defaultMode("alice@example.com"));
        assertEquals("always", new ArchivePrefs(store.db()).defaultMode("alice@example.com"));
    }
}
