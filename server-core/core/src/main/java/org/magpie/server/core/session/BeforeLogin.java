package org.magpie.server.core.session;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;

/**
 * What a client may do on its stream before it has logged in: STARTTLS, SASL, and the IQs plugins
 * serve before login (registration). Anything else ends the stream.
 */
final class BeforeLogin {

    private final StreamNegotiation negotiation;
    private final SaslNegotiation sasl;
    private final Connection connection;
    private final StreamWriter stream;
    private final StanzaPipeline pipeline;
    private final LocalSession session;
    /** Starts reading a new stream (the one inside TLS). */
    private final Runnable restartStream;

    BeforeLogin(StreamNegotiation negotiation, SaslNegotiation sasl, Connection connection, StreamWriter stream,
            StanzaPipeline pipeline, LocalSession session, Runnable restartStream) {
        this.negotiation = negotiation;
        this.sasl = sasl;
        this.connection = connection;
        this.stream = stream;
        this.pipeline = pipeline;
        this.session = session;
        this.restartStream = restartStream;
    }

    void element(Element e) {
        if (e.is("starttls", Namespaces.TLS)) {
            if (!negotiation.canStartTls()) {
                connection.write(Element.of("failure", Namespaces.TLS).toXml());
                stream.close();
                return;
            }
            negotiation.secured();
            restartStream.run();
            connection.startTls(Element.of("proceed", Namespaces.TLS).toXml());
        } else if (e.namespace().equals(Namespaces.SASL)) {
            sasl.element(e);
        } else if (negotiation.mustNegotiateTls()) {
            session.closeWithError(StreamErrorCondition.POLICY_VIOLATION, "Use STARTTLS first: this server requires encryption.");
        } else if (e.is("iq", Namespaces.CLIENT)) {
            if (!pipeline.beforeBind(session, e)) {
                session.closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Log in first.");
            }
        } else if (e.namespace().equals(Namespaces.CLIENT)) {
            session.closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Log in first.");
        } else {
            session.closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected element " + e.name() + ".");
        }
    }
}
