package org.magpie.plugin.pep.internal;

import java.util.List;
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
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <pubsub xmlns='http://jabber.org/protocol/pubsub'/>} requests to an account's bare JID (its own,
 * or another account's to read its items): publish, retract, create, items.
 */
@Component(service = IqHandler.class)
@ServesIq(element = "pubsub", namespace = PepService.NS, accountAddressed = true)
public final class PubSubHandler implements IqHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PubSubHandler.class);

    private final PepEngine engine;

    @Activate
    public PubSubHandler(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityFullJid requester = iq.from().asEntityFullJidOrThrow();
        EntityBareJid owner = PubSubRequests.owner(iq, requester, engine.texts());
        Element pubsub = iq.payload().orElseThrow();
        PepService pep = engine.service();
        try {
            Element answer;
            if (iq.is(IqType.SET)) {
                Optional<Element> publish = pubsub.child("publish", PepService.NS);
                Optional<Element> retract = pubsub.child("retract", PepService.NS);
                Optional<Element> create = pubsub.child("create", PepService.NS);
                if (publish.isPresent()) {
                    answer = pep.publish(requester, owner, publish.get(), form(pubsub, "publish-options"));
                } else if (retract.isPresent()) {
                    answer = pep.retract(requester, owner, retract.get());
                } else if (create.isPresent()) {
                    answer = pep.create(requester, owner, create.get(), form(pubsub, "configure"));
                } else {
                    throw PubSubRequests.unsupported(pubsub, engine.texts());
                }
            } else {
                Optional<Element> items = pubsub.child("items", PepService.NS);
                if (items.isPresent()) {
                    answer = pep.items(requester.asEntityBareJid(), owner, items.get());
                } else if (pubsub.child("subscriptions", PepService.NS).isPresent()
                        || pubsub.child("affiliations", PepService.NS).isPresent()) {
                    // nobody subscribes explicitly to personal nodes here: the lists are empty
                    answer = Element.builder("pubsub", PepService.NS).child(pubsub.elements().get(0).withChildren(List.of())).build();
                } else {
                    throw PubSubRequests.unsupported(pubsub, engine.texts());
                }
            }
            return iq.resultReply(answer);
        } catch (PubSubException e) {
            return e.reply(iq);
        } catch (StorageException e) {
            LOG.error("PubSub request of {} failed: {}", requester, e.getMessage(), e);
            throw engine.texts().text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** The data form inside {@code <publish-options/>} or {@code <configure/>}, if one was given. */
    private static Optional<DataForm> form(Element pubsub, String wrapper) {
        return pubsub.child(wrapper, PepService.NS).flatMap(w -> w.child("x", DataForm.NS)).map(DataForm::parse);
    }
}
