package org.magpie.plugin.files.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload service on {@code upload.<domain>}, where XEP-0363 clients (Conversations, Gajim,
 * slixmpp, Smack) look for it: the server's disco#items lists it, its disco#info says
 * {@code store/file}, {@code urn:xmpp:http:upload:0} and the largest file size, and in a form
 * {@code urn:magpie:files:0} the base URL of its files (field {@code url}). It hands out slots
 * and, for files shared in a group, download access tokens and forwards (urn:magpie:files:0).
 */
@Component(service = DomainComponent.class, property = DomainComponent.SUBDOMAIN + "=" + FileService.SUBDOMAIN)
public final class UploadComponent implements DomainComponent {

    private static final Logger LOG = LoggerFactory.getLogger(UploadComponent.class);

    private final Texts texts = Texts.of(UploadComponent.class);
    private final FileService files;
    private final Supplier<StanzaRouter> routerSupplier;
    private volatile StanzaRouter router;

    /** The sensitive-word list, while the filter plugin runs: file names are shown to whoever gets the file. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    /** The core's router is a plain reference: the core tracks plugin services outside DS, no cycle. */
    @Activate
    public UploadComponent(@Reference FileService files, @Reference StanzaRouter router) {
        this(files, () -> router);
    }

    UploadComponent(FileService files, Supplier<StanzaRouter> router) {
        this.files = files;
        this.routerSupplier = router;
    }

    private StanzaRouter router() {
        StanzaRouter r = router;
        if (r == null) {
            r = Objects.requireNonNull(routerSupplier.get(), "the core's stanza router");
            router = r;
        }
        return r;
    }

    @Override
    public void process(Stanza s) throws StanzaException {
        if (!s.isIq() || s.is(IqType.ERROR) || s.is(IqType.RESULT)) {
            return; // nothing to do with messages, presences, answers
        }
        Jid from = s.from();
        EntityFullJid sender = from == null ? null : from.asEntityFullJidIfPossible();
        if (sender == null || !sender.getDomain().equals(files.domain())) {
            throw texts.text("upload.local.users.only").exception(Condition.NOT_ALLOWED);
        }
        if (s.to().hasLocalpart()) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        Element q = s.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        boolean get = s.is(IqType.GET);
        Element reply;
        try {
            if (q.is("query", Namespaces.DISCO_INFO) && get && q.attribute("node") == null) {
                reply = info();
            } else if (q.is("query", Namespaces.DISCO_ITEMS) && get && q.attribute("node") == null) {
                reply = Element.of("query", Namespaces.DISCO_ITEMS);
            } else if (q.is("ping", Namespaces.PING)) {
                reply = null;
            } else if (q.is("request", FileService.NS) && get) {
                try {
                    reply = slot(q, sender);
                } catch (SlotRequests.FileTooLargeException e) {
                    tooLarge(s, e);
                    return;
                }
            } else if (q.is("access", FileService.MAGPIE_NS) && get) {
                reply = access(q, sender);
            } else if (q.is("forward", FileService.MAGPIE_NS) && s.is(IqType.SET)) {
                reply = forward(q, sender);
            } else {
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
            }
        } catch (StorageException e) {
            LOG.error("file request of {} failed: {}", sender, e.getMessage(), e);
            throw texts.text("upload.storage.failed").exception(Condition.INTERNAL_SERVER_ERROR);
        }
        router().route(s.resultReply(reply));
    }

    private Element info() {
        DataForm form = DataForm.of("result", null, null)
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, FileService.NS))
                .with(DataForm.Field.of("max-file-size", "text-single", null, Long.toString(files.slots().maxFileSize())));
        return Element.builder("query", Namespaces.DISCO_INFO)
                .child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "store")
                        .attribute("type", "file").attribute("name", "HTTP File Upload").build())
                .child(feature(Namespaces.DISCO_INFO))
                .child(feature(FileService.NS))
                .child(feature(FileService.MAGPIE_NS))
                .child(feature(Namespaces.PING))
                .child(form.toElement())
                // where the files are (XEP-0128): clients fetch automatically, and give tokens to, links below it alone
                .child(DataForm.of("result", null, null)
                        .with(DataForm.Field.of("FORM_TYPE", "hidden", null, FileService.MAGPIE_NS))
                        .with(DataForm.Field.of("url", "text-single", null, files.baseUrl())).toElement())
                .build();
    }

    private static Element feature(String var) {
        return Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", var).build();
    }

    /**
     * XEP-0363 §4: {@code <request filename size content-type/>}; a Magpie client may add
     * {@code <room xmlns='urn:magpie:files:0' jid='10001@rooms.<domain>'/>} to share the file in a group.
     */
    private Element slot(Element request, EntityFullJid sender) throws StanzaException {
        String filename = request.attribute("filename");
        long size;
        try {
            size = Long.parseLong(Objects.requireNonNull(request.attribute("size")).strip());
        } catch (RuntimeException e) {
            throw texts.text("upload.size.missing").exception(Condition.BAD_REQUEST);
        }
        String room = request.child("room", FileService.MAGPIE_NS).map(r -> r.attribute("jid")).orElse(null);
        if (room == null && request.child("room", FileService.MAGPIE_NS).isPresent()) {
            throw texts.text("upload.room.no.jid").exception(Condition.BAD_REQUEST);
        }
        refuseListedWords(filename);
        FileRecord slot = files.slots().requestSlot(sender.asEntityBareJid(), filename, size, request.attribute("content-type"), room);
        return Element.builder("slot", FileService.NS)
                .child(Element.builder("put", FileService.NS).attribute("url", files.urls().putUrl(slot)).build())
                .child(Element.builder("get", FileService.NS).attribute("url", files.urls().getUrl(slot)).build())
                .build();
    }

    /** A file name with a word of the sensitive-word list is refused (the sender renames the file), not masked. */
    private void refuseListedWords(String filename) throws StanzaException {
        WordFilter filter = words;
        if (filter == null || filename == null || filename.isBlank()) {
            return;
        }
        WordFilter.Verdict verdict = filter.check(filename);
        if (!verdict.isClean()) {
            throw texts.text("upload.name.listed.words", verdict.rules())
                    .exception(Condition.NOT_ACCEPTABLE);
        }
    }

    /** XEP-0363 §5: not-acceptable with {@code <file-too-large><max-file-size/>} naming the limit. */
    private void tooLarge(Stanza request, SlotRequests.FileTooLargeException e) {
        Element error = e.error().toElement().withChild(Element.builder("file-too-large", FileService.NS)
                .child(Element.builder("max-file-size", FileService.NS).text(Long.toString(e.max())).build()).build());
        router().route(Stanza.create(Stanza.Kind.IQ, request.to(), request.from(), IqType.ERROR, request.id(), List.of(error)));
    }

    /**
     * {@code <access xmlns='urn:magpie:files:0' url='<download URL>'/>} (or {@code slot='<id>'}): a
     * token for downloading a group's file, for members of the group only. The client adds it to the
     * URL as {@code ?access=<token>} or sends {@code Authorization: Bearer <token>}.
     */
    private Element access(Element q, EntityFullJid sender) throws StanzaException {
        String slotId = slotOf(q);
        if (!Ids.valid(slotId)) {
            throw files.access().noSuchFile();
        }
        Optional<FileRecord> file = files.store().bySlot(slotId);
        if (file.isEmpty() || !file.get().isComplete() || file.get().isExpired(files.now())) {
            throw files.access().noSuchFile();
        }
        String user = sender.asEntityBareJid().toString();
        if (!files.access().mayRead(file.get(), user)) {
            throw texts.text("access.not.readable").exception(Condition.FORBIDDEN);
        }
        Instant expires = files.now().plus(Duration.ofMinutes(files.config().access_token_minutes()));
        return Element.builder("access", FileService.MAGPIE_NS).attribute("slot", slotId)
                .attribute("token", files.tokens().accessToken(slotId, user, expires))
                .attribute("expires", expires.toString()).build();
    }

    /**
     * {@code <forward xmlns='urn:magpie:files:0' url='<download URL>' jid='<friend or group>'/>} (or
     * {@code slot='<id>'}), type set, before the message with the URL is sent: the forwarder must be
     * able to read the file and the target must be a friend or one of the forwarder's groups; a
     * group's file then opens to the target (see {@link FileAccess#forward}). Answers
     * {@code <forward slot jid granted='true|false'/>}.
     */
    private Element forward(Element q, EntityFullJid sender) throws StanzaException {
        String target = q.attribute("jid");
        if (target == null || target.isBlank()) {
            throw texts.text("forward.no.jid").exception(Condition.BAD_REQUEST);
        }
        String slotId = slotOf(q);
        boolean granted = files.access().forward(slotId, sender.asEntityBareJid(), target);
        return Element.builder("forward", FileService.MAGPIE_NS).attribute("slot", slotId)
                .attribute("jid", target.strip()).attribute("granted", Boolean.toString(granted)).build();
    }

    /**
     * The slot id of {@code slot='…'}, or the one in {@code url='…'}; null when there is neither. A URL
     * must be a download URL of this upload service (see {@link FileUrls#slotInUrl}): a token is
     * never handed out for a URL on another host, port or path, or with user info, even when it
     * happens to carry a slot id.
     */
    private String slotOf(Element q) throws StanzaException {
        String slotId = q.attribute("slot");
        String url = q.attribute("url");
        if (slotId == null && url != null) {
            slotId = files.urls().slotInUrl(url)
                    .orElseThrow(() -> texts.text("url.not.ours", url, files.baseUrl()).exception(Condition.BAD_REQUEST));
        }
        return slotId;
    }
}
