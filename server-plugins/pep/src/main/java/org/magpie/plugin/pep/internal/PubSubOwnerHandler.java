package org.magpie.plugin.pep.internal;

import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code <pubsub xmlns='http://jabber.org/protocol/pubsub#owner'/>}: an owner configures and deletes its nodes. */
@Component(service = IqHandler.class)
@ServesIq(element = "pubsub", namespace = PepService.OWNER, accountAddressed = true)
public final class PubSubOwnerHandler implements IqHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubOwnerHandler.class);

    private final PepEngine engine;

    @Activate
    public PubSubOwnerHandler(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityFullJid requester = iq.from().asEntityFullJidOrThrow();
        EntityBareJid owner = PubSubRequests.owner(iq, requester, engine.texts());
        Element pubsub = iq.payload().orElseThrow();
        PepService pep = engine.service();
        try {
            Optional<Element> configure = pubsub.child("configure", PepService.OWNER);
            Optional<Element> delete = pubsub.child("delete", PepService.OWNER);
            if (configure.isPresent() && iq.is(IqType.GET)) {
                return iq.resultReply(pep.configurationForm(requester, owner, configure.get(), session.language()));
            }
            if (configure.isPresent()) {
                pep.configure(requester, owner, configure.get());
                return iq.resultReply(null);
            }
            if (delete.isPresent() && iq.is(IqType.SET)) {
                pep.delete(requester, owner, delete.get());
                return iq.resultReply(null);
            }
            return PubSubRequests.unsupported(pubsub, engine.texts()).reply(iq);
        } catch (PubSubException e) {
            return e.reply(iq);
        } catch (StorageException e) {
            LOG.error("PubSub owner request of {} failed: {}", requester, e.getMessage(), e);
            throw engine.texts().text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }
}
