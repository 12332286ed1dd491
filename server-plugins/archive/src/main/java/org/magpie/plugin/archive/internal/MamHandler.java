package org.magpie.plugin.archive.internal;

import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * XEP-0313 queries of a user's own archive: the query form ({@code get}), pages of results
 * ({@code set}: result messages, then the IQ result with {@code <fin/>}) and the archive's metadata.
 * Requests to other accounts are served too, but only to refuse them: nobody reads another's archive.
 */
@Component(service = IqHandler.class,
        property = {IqHandler.NAMESPACE + "=" + ArchiveEngine.MAM_NS, IqHandler.ACCOUNT_ADDRESSED + ":Boolean=true"})
public final class MamHandler implements IqHandler {

    private final ArchiveEngine engine;

    @Activate
    public MamHandler(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityFullJid requester = session.jid().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        EntityBareJid owner = requester.asEntityBareJid();
        Jid to = iq.to();
        if (to != null && !to.equals(owner)) {
            if (to.equals(engine.domain())) {
                throw new StanzaException(new Text("The server keeps no archive of its own; query yours without a 'to'.",
                        "服务器本身没有消息记录；查询自己的记录时请不要指定 'to'。").error(Condition.ITEM_NOT_FOUND));
            }
            throw new StanzaException(new Text("Only " + to + " can read that archive.", "只有 " + to + " 本人可以查看该消息记录。")
                    .error(Condition.FORBIDDEN));
        }
        Element payload = iq.payload().orElseThrow();
        try {
            if ("get".equals(iq.type()) && payload.is("metadata", ArchiveEngine.MAM_NS)) {
                return iq.resultReply(engine.metadata(owner.toString()));
            }
            if (payload.is("prefs", ArchiveEngine.MAM_NS)) {
                // XEP-0313 §6.1: the answer is the preferences in force. Only the default mode is
                // kept; per-contact lists are not, and the answer shows them empty so a client sees that.
                String owned = owner.toString();
                if ("set".equals(iq.type())) {
                    String mode = payload.attribute("default");
                    if (mode == null || !List.of("always", "never", "roster").contains(mode)) {
                        throw new StanzaException(new Text("The default archiving mode is 'always', 'never' or 'roster'.",
                                "默认存档方式只能是 'always'、'never' 或 'roster'。").error(Condition.BAD_REQUEST));
                    }
                    engine.defaultMode(owned, mode);
                }
                return iq.resultReply(Element.builder("prefs", ArchiveEngine.MAM_NS).attribute("default", engine.defaultMode(owned))
                        .child(Element.of("always", ArchiveEngine.MAM_NS)).child(Element.of("never", ArchiveEngine.MAM_NS))
                        .build());
            }
            if ("get".equals(iq.type()) && payload.is("query", ArchiveEngine.MAM_NS)) {
                return iq.resultReply(form());
            }
            if ("set".equals(iq.type()) && payload.is("query", ArchiveEngine.MAM_NS)) {
                ArchiveEngine.Query q = engine.parse(payload);
                String conversation = q.with() == null ? null : ArchiveStore.pair(owner.toString(), q.with());
                ArchiveEngine.Page page = engine.page(owner.toString(), conversation, q);
                String queryId = payload.attribute("queryid");
                for (ArchiveStore.Stored item : page.items()) {
                    engine.result(item, owner, requester, queryId).ifPresent(session::send);
                }
                return iq.resultReply(ArchiveEngine.fin(page));
            }
        } catch (ArchiveStore.StorageException | IllegalArgumentException e) {
            throw new StanzaException(new Text("The server could not read the history just now. Please try again later.",
                    "服务器暂时无法读取历史消息，请稍后再试。").error(Condition.INTERNAL_SERVER_ERROR));
        }
        throw new StanzaException(new Text("Unknown archive request: use a urn:xmpp:mam:2 query or metadata.",
                "未知的消息记录请求：请使用 urn:xmpp:mam:2 的 query 或 metadata。").error(Condition.BAD_REQUEST));
    }

    /** XEP-0313 §4.1.1: the filters this archive understands. */
    static Element form() {
        String data = ArchiveEngine.DATA_NS;
        Element x = Element.builder("x", data).attribute("type", "form")
                .child(Element.builder("field", data).attribute("type", "hidden").attribute("var", "FORM_TYPE")
                        .child(Element.builder("value", data).text(ArchiveEngine.MAM_NS).build()).build())
                .child(Element.builder("field", data).attribute("type", "jid-single").attribute("var", "with").build())
                .child(Element.builder("field", data).attribute("type", "text-single").attribute("var", "start").build())
                .child(Element.builder("field", data).attribute("type", "text-single").attribute("var", "end").build())
                .build();
        return Element.builder("query", ArchiveEngine.MAM_NS).child(x).build();
    }
}
