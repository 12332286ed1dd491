package org.magpie.plugin.pep.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.PresenceSubscriptions;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.text.Texts;

/** Who may read a personal node (XEP-0060 §4.5 access models, XEP-0163 §4.2 presence access by default). */
final class Access {

    private final PresenceSubscriptions subscriptions;
    private final Texts texts;

    Access(PresenceSubscriptions subscriptions, Texts texts) {
        this.subscriptions = subscriptions;
        this.texts = texts;
    }

    boolean mayRead(EntityBareJid reader, EntityBareJid owner, NodeConfig config) {
        if (reader.equals(owner)) {
            return true;
        }
        return switch (config.access()) {
            case OPEN -> true;
            case PRESENCE -> subscriptions.receivesPresenceOf(reader, owner);
            case WHITELIST -> false;
        };
    }

    /** Refuses a reader who may not read, with the error of XEP-0060 §6.5.9 for the node's access model. */
    void requireRead(EntityBareJid reader, EntityBareJid owner, NodeConfig config) throws PubSubException {
        if (mayRead(reader, owner, config)) {
            return;
        }
        if (config.access() == NodeConfig.AccessModel.PRESENCE) {
            throw new PubSubException(texts.text("access.presence").error(Condition.NOT_AUTHORIZED), "presence-subscription-required");
        }
        throw new PubSubException(texts.text("access.whitelist").error(Condition.NOT_ALLOWED), "closed-node");
    }

    /**
     * The accounts told of the node's changes: the owner, and for presence and open nodes every contact
     * subscribed to the owner's presence (XEP-0163 §4.3: the subscription is implied by presence).
     */
    Set<EntityBareJid> notified(EntityBareJid owner, NodeConfig config) {
        Set<EntityBareJid> out = new LinkedHashSet<>();
        out.add(owner);
        if (config.access() != NodeConfig.AccessModel.WHITELIST) {
            out.addAll(subscriptions.presenceSubscribersOf(owner));
        }
        return out;
    }

    static StanzaError forbidden(Texts texts) {
        return texts.text("owner.only").error(Condition.FORBIDDEN);
    }
}
