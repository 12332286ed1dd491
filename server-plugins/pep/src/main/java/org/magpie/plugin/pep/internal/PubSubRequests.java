package org.magpie.plugin.pep.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/** What the PubSub handlers share: whose nodes a request is about, and the answer to what is not supported. */
final class PubSubRequests {

    private PubSubRequests() {
    }

    /** The account addressed: the {@code to} bare JID, or the requester's own when there is none. */
    static EntityBareJid owner(Stanza iq, EntityFullJid requester, Texts texts) throws StanzaException {
        if (iq.to() == null) {
            return requester.asEntityBareJid();
        }
        if (!iq.to().hasLocalpart() || iq.to().hasResource()) {
            // the server itself has no PubSub service, only its accounts have personal nodes
            throw texts.text("no.service").exception(Condition.SERVICE_UNAVAILABLE);
        }
        return iq.to().asEntityBareJidOrThrow();
    }

    /** feature-not-implemented with {@code <unsupported feature='...'/>} naming the first request element. */
    static PubSubException unsupported(Element pubsub, Texts texts) {
        String what = pubsub.elements().isEmpty() ? "" : pubsub.elements().get(0).name();
        return new PubSubException(texts.text("unsupported", what).error(Condition.FEATURE_NOT_IMPLEMENTED),
                Element.builder("unsupported", PubSubException.ERRORS).attribute("feature", feature(what)).build());
    }

    private static String feature(String element) {
        return switch (element) {
            case "subscribe", "unsubscribe" -> "subscribe";
            case "options" -> "subscription-options";
            case "purge" -> "purge-nodes";
            case "default" -> "retrieve-default";
            default -> element;
        };
    }
}
