package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.sasl.Authenticator;

class SaslNegotiationTest {

    private final TestConnection connection = new TestConnection(new InetSocketAddress("192.0.2.7", 5222));
    private EntityBareJid loggedIn;
    private String successXml;

    @Test
    void plainLogsInOverTlsAndTheSessionIsToldWho() {
        SaslNegotiation sasl = sasl(false, true);

        sasl.element(auth("PLAIN", "\0alice\0pencil"));

        assertEquals("alice@example.com", String.valueOf(loggedIn));
        assertTrue(successXml.startsWith("<success xmlns=\"" + Namespaces.SASL + "\""), successXml);
        assertEquals("", connection.take(), "the session writes the success, after restarting its stream");
        assertFalse(connection.closed);
    }

    @Test
    void plainIsRefusedWithoutTlsAndUnknownMechanismsAreInvalid() {
        SaslNegotiation sasl = sasl(false, false);

        sasl.element(auth("PLAIN", "\0alice\0pencil"));
        assertTrue(connection.take().contains("<encryption-required"));
        sasl.element(auth("X-MAGIC", ""));
        assertTrue(connection.take().contains("<invalid-mechanism"));
        assertNull(loggedIn);
    }

    @Test
    void whenTlsIsRequiredNothingIsTriedBeforeIt() {
        SaslNegotiation sasl = sasl(true, false);

        sasl.element(auth("SCRAM-SHA-256", "n,,n=alice,r=abc"));

        assertTrue(connection.take().contains("<encryption-required"));
    }

    @Test
    void aWrongPasswordFailsAndTheThirdFailureEndsTheStream() {
        SaslNegotiation sasl = sasl(false, true);

        sasl.element(auth("PLAIN", "\0alice\0wrong"));
        assertTrue(connection.take().contains("<not-authorized"));
        sasl.element(auth("PLAIN", "not base64!", false));
        assertTrue(connection.take().contains("<incorrect-encoding"));
        assertFalse(connection.closed);

        sasl.element(Element.of("abort", Namespaces.SASL));
        assertTrue(connection.take().endsWith("</stream:stream>"));
        assertTrue(connection.closed);
        assertNull(loggedIn);
    }

    @Test
    void aResponseWithoutAnAuthenticationEndsTheStreamWithAnError() {
        SaslNegotiation sasl = sasl(false, true);

        sasl.element(Element.builder("response", Namespaces.SASL).text("=").build());

        String written = connection.take();
        assertTrue(written.contains("<not-authorized xmlns=\"" + Namespaces.STREAM_ERRORS + "\""), written);
        assertTrue(connection.closed);
    }

    @Test
    void scramChallengesTheClient() {
        SaslNegotiation sasl = sasl(false, true);

        sasl.element(auth("SCRAM-SHA-1", "n,,n=alice,r=clientnonce"));

        String written = connection.take();
        assertTrue(written.startsWith("<challenge xmlns=\"" + Namespaces.SASL + "\">"), written);
        assertFalse(connection.closed);
    }

    private SaslNegotiation sasl(boolean tlsRequired, boolean secure) {
        StreamSettings settings = TestLogins.settings(tlsRequired, false);
        Authenticator authenticator = TestLogins.authenticator();
        StreamNegotiation negotiation = new StreamNegotiation(settings, authenticator, new NoPipeline(), true, false);
        if (secure) {
            negotiation.secured();
        }
        StreamWriter stream = new StreamWriter(connection, StreamNegotiation.header("s1", settings.domain()));
        return new SaslNegotiation(connection, authenticator, negotiation, settings.domain(), stream, (who, xml) -> {
            loggedIn = who;
            successXml = xml;
        });
    }

    private static Element auth(String mechanism, String initial) {
        return auth(mechanism, initial, true);
    }

    private static Element auth(String mechanism, String initial, boolean encode) {
        String text = encode ? Base64.getEncoder().encodeToString(initial.getBytes(StandardCharsets.UTF_8)) : initial;
        return Element.builder("auth", Namespaces.SASL).attribute("mechanism", mechanism).text(text.isEmpty() ? "=" : text).build();
    }
}
