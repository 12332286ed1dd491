package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.StreamHeader;

class StreamNegotiationTest {

    private boolean registration;

    @Test
    void withTlsRequiredOnlyStartTlsIsOfferedUntilTheStreamIsEncrypted() {
        StreamNegotiation n = negotiation(true, false, true);

        assertEquals(List.of("starttls"), names(n.features(SessionState.CONNECTED)));
        assertTrue(n.features(SessionState.CONNECTED).child("starttls", Namespaces.TLS).orElseThrow()
                .child("required", Namespaces.TLS).isPresent());
        assertTrue(n.mustNegotiateTls());
        assertFalse(n.plainAllowed());

        n.secured();
        assertTrue(n.secure());
        assertFalse(n.canStartTls());
        assertFalse(n.mustNegotiateTls());
        assertEquals(List.of("mechanisms"), names(n.features(SessionState.CONNECTED)));
        assertTrue(mechanisms(n).contains("PLAIN"), "PLAIN over TLS");
    }

    @Test
    void withoutACertificateTheStreamGoesOnPlainAndPlainIsOfferedOnlyWhenAllowed() {
        StreamNegotiation strict = negotiation(true, false, false);
        assertFalse(strict.mustNegotiateTls());
        assertEquals(List.of("mechanisms"), names(strict.features(SessionState.CONNECTED)));
        assertFalse(mechanisms(strict).contains("PLAIN"));
        assertTrue(mechanisms(strict).get(0).startsWith("SCRAM-"), "strongest first");

        StreamNegotiation lax = negotiation(false, true, true);
        registration = true;
        assertEquals(List.of("starttls", "mechanisms", "register"), names(lax.features(SessionState.CONNECTED)));
        assertTrue(mechanisms(lax).contains("PLAIN"));
    }

    @Test
    void afterLoginBindAndSessionAreOfferedAndNothingOnceBound() {
        StreamNegotiation n = negotiation(false, false, true);

        assertEquals(List.of("bind", "session"), names(n.features(SessionState.AUTHENTICATED)));
        assertEquals(List.of(), names(n.features(SessionState.BOUND)));
    }

    @Test
    void theHeaderMustOpenAClientStreamToThisServerInVersionOne() {
        StreamNegotiation n = negotiation(false, false, true);

        assertNull(n.check(header(Namespaces.CLIENT, "Example.COM", "1.0")));
        assertNull(n.check(header(Namespaces.CLIENT, null, "1.0")));
        assertEquals(StreamErrorCondition.INVALID_NAMESPACE, n.check(header("jabber:server", "example.com", "1.0")).condition());
        assertEquals(StreamErrorCondition.HOST_UNKNOWN, n.check(header(Namespaces.CLIENT, "other.org", "1.0")).condition());
        assertEquals(StreamErrorCondition.UNSUPPORTED_VERSION, n.check(header(Namespaces.CLIENT, "example.com", null)).condition());
    }

    @Test
    void streamErrorsCarryTheStreamPrefixAndAnEnglishText() {
        assertEquals("<stream:error><conflict xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"
                + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\" xml:lang=\"en\">replaced</text></stream:error>",
                StreamNegotiation.streamError(StreamErrorCondition.CONFLICT, "replaced"));
    }

    private StreamNegotiation negotiation(boolean tlsRequired, boolean plainWithoutTls, boolean tlsAvailable) {
        return new StreamNegotiation(TestLogins.settings(tlsRequired, plainWithoutTls), TestLogins.authenticator(),
                new NoPipeline() {
                    @Override
                    public boolean registrationAvailable() {
                        return registration;
                    }
                }, tlsAvailable, false);
    }

    private static StreamHeader header(String defaultNamespace, String to, String version) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        if (to != null) {
            attributes.put("to", to);
        }
        if (version != null) {
            attributes.put("version", version);
        }
        return new StreamHeader("stream", Namespaces.STREAMS, "stream", defaultNamespace, attributes);
    }

    private static List<String> names(Element features) {
        return features.elements().stream().map(Element::name).toList();
    }

    private static List<String> mechanisms(StreamNegotiation n) {
        return n.features(SessionState.CONNECTED).child("mechanisms", Namespaces.SASL).orElseThrow().elements().stream()
                .map(Element::text).toList();
    }
}
