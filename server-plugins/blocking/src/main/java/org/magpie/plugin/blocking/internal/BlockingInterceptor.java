package org.magpie.plugin.blocking.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.Intercepts;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps blocked contacts and their blockers apart (XEP-0191 §3.4, §3.5), first of all, so that no
 * feature, bot or archive sees what is not delivered. From a blocked contact: presence (subscription
 * requests and probes too) is dropped, a message is answered {@code service-unavailable}, as if the
 * user were not there. To a blocked contact: presence is dropped, a message is refused with
 * {@code not-acceptable} and a text that says why.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = {Stanza.Kind.MESSAGE, Stanza.Kind.PRESENCE}, phase = StanzaInterceptor.Phase.FILTER)
public final class BlockingInterceptor implements StanzaInterceptor {

    private final Blocklists lists;
    private final ServerInfo info;

    @Activate
    public BlockingInterceptor(@Reference Blocklists lists, @Reference ServerInfo info) {
        this.lists = lists;
        this.info = info;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        Jid to = stanza.to();
        if (to == null || sender.account().isEmpty()) {
            return Verdict.pass(stanza); // to the sender's own account: broadcasts and its own resources
        }
        EntityBareJid self = sender.account().get();
        try {
            if (lists.blocks(self, to)) {
                return stanza.isPresence() ? Verdict.drop()
                        : refuse(stanza, lists.texts.text("blocking.you.blocked", to.asBareJid()).error(
                                StanzaError.Condition.NOT_ACCEPTABLE));
            }
            if (isAccount(to) && !to.asBareJid().equals(self) && lists.blocks(to.asEntityBareJidOrThrow(), stanza.from())) {
                return stanza.isPresence() ? Verdict.drop() : refuse(stanza, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            }
        } catch (StorageException e) {
            return Verdict.reject(lists.texts.text("blocking.storage").error(StanzaError.Condition.INTERNAL_SERVER_ERROR));
        }
        return Verdict.pass(stanza);
    }

    /** An error message is never answered with another one (RFC 6120 §8.3.1): it is dropped. */
    private static Verdict refuse(Stanza message, StanzaError error) {
        return message.is(MessageType.ERROR) ? Verdict.drop() : Verdict.reject(error);
    }

    private boolean isAccount(Jid jid) {
        return jid.hasLocalpart() && jid.getDomain().equals(info.domain());
    }
}
