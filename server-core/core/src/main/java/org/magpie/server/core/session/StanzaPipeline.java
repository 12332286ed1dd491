package org.magpie.server.core.session;

import org.magpie.server.api.xml.Element;

/** Where a session hands the elements it does not handle itself. Implemented by routing. */
public interface StanzaPipeline {

    /**
     * A stanza from a bound session.
     *
     * @return completes when the stanza is dealt with; the session hands over its next stanza only then
     */
    java.util.concurrent.CompletionStage<Void> fromBoundSession(LocalSession session, Element element);

    /**
     * An IQ from a session that has not bound a resource (before or after SASL).
     *
     * @return false when no pre-auth handler serves it (the session then closes the stream)
     */
    boolean beforeBind(LocalSession session, Element element);

    /** Whether in-band registration is currently served (advertised as a stream feature). */
    boolean registrationAvailable();

    /** What plugins announce among the stream features after authentication (roster versioning, ...). */
    java.util.List<Element> streamFeatures();

    void sessionBound(LocalSession session);

    void sessionClosed(LocalSession session);

    /**
     * Messages written to a session that ended without the client closing its stream and that the
     * client never confirmed reading (see {@link UnconfirmedMessages}); called after it is unbound,
     * before {@link #sessionClosed}.
     */
    void undelivered(LocalSession session, java.util.List<org.magpie.server.api.Stanza> messages);
}
