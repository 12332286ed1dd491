package org.magpie.plugin.pep.internal;

import java.util.Collection;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <query xmlns='jabber:iq:private'/>} (XEP-0049) of one's own account; requests to another account
 * are not served (the core answers service-unavailable: nobody reads what is not theirs).
 */
@Component(service = {IqHandler.class, DiscoProvider.class})
@ServesIq(element = "query", namespace = PrivateStorage.NS)
public final class PrivateStorageHandler implements IqHandler, DiscoProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateStorageHandler.class);

    private final PepEngine engine;

    @Activate
    public PrivateStorageHandler(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityFullJid owner = iq.from().asEntityFullJidOrThrow();
        if (iq.to() != null && !iq.to().equals(owner.asEntityBareJid())) {
            throw engine.texts().text("private.others").exception(Condition.FORBIDDEN);
        }
        try {
            if (iq.is(IqType.GET)) {
                return iq.resultReply(engine.privateStorage().get(owner, iq.payload().orElseThrow()));
            }
            engine.privateStorage().set(owner, iq.payload().orElseThrow());
            return iq.resultReply(null);
        } catch (PubSubException e) {
            return e.reply(iq);
        } catch (StorageException e) {
            LOG.error("private storage of {} failed: {}", owner, e.getMessage(), e);
            throw engine.texts().text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    @Override
    public Collection<String> features() {
        return List.of(PrivateStorage.NS);
    }
}
