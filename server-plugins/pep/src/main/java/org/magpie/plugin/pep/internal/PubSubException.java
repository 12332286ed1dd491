package org.magpie.plugin.pep.internal;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.xml.Element;

/**
 * A PubSub request refused: the stanza error and, where XEP-0060 names one, the application-specific
 * condition ({@code <precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/>}) that
 * clients such as Conversations look for to reconfigure a node and publish again.
 */
final class PubSubException extends Exception {

    static final String ERRORS = "http://jabber.org/protocol/pubsub#errors";

    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;
    private final transient Element appCondition;

    PubSubException(StanzaError error, String appCondition) {
        this(error, appCondition == null ? null : Element.of(appCondition, ERRORS));
    }

    PubSubException(StanzaError error, Element appCondition) {
        super(error.condition().xmlName() + (appCondition == null ? "" : " / " + appCondition.name()), null, false, false);
        this.error = error;
        this.appCondition = appCondition;
    }

    PubSubException(StanzaError error) {
        this(error, (Element) null);
    }

    StanzaError error() {
        return error;
    }

    /** The application-specific condition's name, or null. */
    String appCondition() {
        return appCondition == null ? null : appCondition.name();
    }

    /** The error reply to {@code iq}, with the application condition inside {@code <error/>}. */
    Stanza reply(Stanza iq) {
        Stanza reply = iq.errorReply(error);
        if (appCondition == null) {
            return reply;
        }
        Element withApp = reply.element().withChildren(reply.element().children().stream()
                .map(n -> n instanceof Element e && e.name().equals("error") ? e.withChild(appCondition) : n)
                .toList());
        return reply.withElement(withApp);
    }
}
