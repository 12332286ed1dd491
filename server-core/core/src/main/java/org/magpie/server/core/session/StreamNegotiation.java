package org.magpie.server.core.session;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.xml.StreamHeader;

/**
 * What a client stream offers and accepts as it is set up (RFC 6120 sections 4 to 7): the checks on
 * its header, the stream features of each state, and whether TLS must come first. Remembers whether
 * the stream is encrypted; the rest is decided by the state the session passes in.
 */
final class StreamNegotiation {

    /** Why a stream header is refused: the stream error to close with. */
    record Refusal(StreamErrorCondition condition, String text) {
    }

    private final StreamSettings settings;
    private final Authenticator authenticator;
    private final StanzaPipeline pipeline;
    private final boolean tlsAvailable;
    private final boolean streamManagement;
    private volatile boolean secure;

    StreamNegotiation(StreamSettings settings, Authenticator authenticator, StanzaPipeline pipeline, boolean tlsAvailable,
            boolean streamManagement) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.pipeline = pipeline;
        this.tlsAvailable = tlsAvailable;
        this.streamManagement = streamManagement;
    }

    /** Null when the header opens a client stream to this server in XMPP 1.0. */
    Refusal check(StreamHeader header) {
        if (!Namespaces.CLIENT.equals(header.defaultNamespace())) {
            return new Refusal(StreamErrorCondition.INVALID_NAMESPACE, "The stream's namespace must be jabber:client.");
        }
        if (header.to() != null && !settings.domain().toString().equalsIgnoreCase(header.to())) {
            return new Refusal(StreamErrorCondition.HOST_UNKNOWN, "This server serves " + settings.domain() + ".");
        }
        if (!"1.0".equals(header.version())) {
            return new Refusal(StreamErrorCondition.UNSUPPORTED_VERSION, "XMPP version 1.0 is required.");
        }
        return null;
    }

    Element features(SessionState state) {
        Element.Builder f = Element.builder("features", Namespaces.STREAMS);
        switch (state) {
            case CONNECTED -> {
                if (canStartTls()) {
                    Element.Builder tls = Element.builder("starttls", Namespaces.TLS);
                    if (settings.tlsRequired()) {
                        tls.child(Element.of("required", Namespaces.TLS));
                    }
                    f.child(tls.build());
                }
                if (secure || !settings.tlsRequired() || !tlsAvailable) {
                    Element.Builder mechs = Element.builder("mechanisms", Namespaces.SASL);
                    authenticator.mechanisms(plainAllowed()).forEach(m -> mechs.textChild("mechanism", m));
                    f.child(mechs.build());
                    if (pipeline.registrationAvailable()) {
                        f.child(Element.of("register", Namespaces.REGISTER_FEATURE));
                    }
                }
            }
            case AUTHENTICATED -> {
                f.child(Element.of("bind", Namespaces.BIND));
                f.child(Element.builder("session", Namespaces.SESSION).child(Element.of("optional", Namespaces.SESSION)).build());
                if (streamManagement) {
                    f.child(Element.of("sm", StreamManagement.NS));
                }
                pipeline.streamFeatures().forEach(f::child);
            }
            default -> {
            }
        }
        return f.build();
    }

    /** Whether STARTTLS may begin now: not yet encrypted, and the server has a certificate. */
    boolean canStartTls() {
        return !secure && tlsAvailable;
    }

    /** The stream is encrypted from now on. */
    void secured() {
        secure = true;
    }

    boolean secure() {
        return secure;
    }

    /** PLAIN sends the password itself, so only over TLS unless the administrator allows otherwise. */
    boolean plainAllowed() {
        return secure || settings.plainWithoutTls();
    }

    boolean mustNegotiateTls() {
        return canStartTls() && settings.tlsRequired();
    }

    /** The server's stream header, opening its half of the stream. */
    static String header(String id, Object domain) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' id='" + id + "' from='" + domain
                + "' version='1.0' xml:lang='en'>";
    }

    /** A stream error element (RFC 6120 4.9), with its text in English when there is one. */
    static String streamError(StreamErrorCondition condition, String text) {
        Element.Builder error = Element.builder("error", Namespaces.STREAMS)
                .child(Element.of(condition.xmlName(), Namespaces.STREAM_ERRORS));
        if (text != null) {
            error.child(Element.builder("text", Namespaces.STREAM_ERRORS).attribute("xml:lang", "en").text(text).build());
        }
        return streamElement(error.build());
    }

    /** Elements of the streams namespace carry the {@code stream:} prefix the stream header declared. */
    static String streamElement(Element e) {
        StringBuilder sb = new StringBuilder("<stream:").append(e.name()).append('>');
        for (Element child : e.elements()) {
            child.appendXml(sb, null);
        }
        return sb.append("</stream:").append(e.name()).append('>').toString();
    }
}
