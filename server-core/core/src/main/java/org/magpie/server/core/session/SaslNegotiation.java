package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.core.sasl.LoginGate;
import org.magpie.server.core.sasl.SaslMechanism;
import org.magpie.server.core.sasl.SaslOutcome;

/**
 * The SASL exchange of one stream (RFC 6120 section 6): auth, challenges and responses, abort,
 * success or failure. Every failure counts against the login throttle of the client's address, and
 * a client that fails three times on one stream is disconnected.
 */
final class SaslNegotiation {

    /** What the session does once the client has logged in. */
    interface LoggedIn {
        /** The session restarts its stream and then sends {@code successXml}. */
        void succeeded(EntityBareJid account, String successXml);
    }

    static final int MAX_FAILURES = 3;

    private final Connection connection;
    private final Authenticator authenticator;
    private final StreamNegotiation negotiation;
    private final DomainBareJid domain;
    private final StreamWriter stream;
    private final LoggedIn loggedIn;
    private SaslMechanism mechanism;
    private int failures;

    SaslNegotiation(Connection connection, Authenticator authenticator, StreamNegotiation negotiation,
            DomainBareJid domain, StreamWriter stream, LoggedIn loggedIn) {
        this.connection = connection;
        this.authenticator = authenticator;
        this.negotiation = negotiation;
        this.domain = domain;
        this.stream = stream;
        this.loggedIn = loggedIn;
    }

    /** An element in the SASL namespace. */
    void element(Element e) {
        SaslOutcome result;
        switch (e.name()) {
            case "auth" -> {
                result = start(e);
                if (result == null) {
                    return;
                }
            }
            case "response" -> {
                if (mechanism == null) {
                    stream.closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "No authentication in progress.");
                    return;
                }
                byte[] data = decode(e.text());
                if (data == null) {
                    mechanism = null;
                    failure("incorrect-encoding", "The response is not base64.", null);
                    return;
                }
                result = mechanism.respond(data);
            }
            case "abort" -> {
                mechanism = null;
                failure("aborted", "Authentication aborted.", null);
                return;
            }
            default -> {
                stream.closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected SASL element " + e.name() + ".");
                return;
            }
        }
        switch (result) {
            case SaslOutcome.Challenge c -> connection.write(Element.builder("challenge", Namespaces.SASL)
                    .text(encode(c.data())).build().toXml());
            case SaslOutcome.Success s -> succeeded(s);
            case SaslOutcome.Failure f -> {
                mechanism = null;
                failure(f.condition(), f.text(), f.username());
            }
        }
    }

    /** The first step of an {@code <auth/>}; null when it failed already (and was answered). */
    private SaslOutcome start(Element auth) {
        if (negotiation.mustNegotiateTls()) {
            failure("encryption-required", "Use STARTTLS before logging in.", null);
            return null;
        }
        String name = auth.attribute("mechanism");
        String address = addressKey();
        boolean plainAllowed = negotiation.plainAllowed();
        Optional<SaslMechanism> created = authenticator.create(name, plainAllowed,
                username -> authenticator.throttle().retryAfter(address, username));
        if (created.isEmpty()) {
            failure(plainAllowed || !"PLAIN".equals(name) ? "invalid-mechanism" : "encryption-required",
                    "Mechanism " + name + " is not offered here.", null);
            return null;
        }
        Duration wait = authenticator.throttle().retryAfter(address, null);
        if (wait.isPositive()) {
            SaslOutcome.Failure closed = LoginGate.closed(wait);
            failure(closed.condition(), closed.text(), null);
            return null;
        }
        mechanism = created.get();
        byte[] initial = decode(auth.text());
        if (initial == null) {
            mechanism = null;
            failure("incorrect-encoding", "The initial response is not base64.", null);
            return null;
        }
        return mechanism.start(initial);
    }

    private void succeeded(SaslOutcome.Success success) {
        mechanism = null; // the mechanism asked the throttle before it checked the password
        EntityBareJid account;
        try {
            account = JidCreate.entityBareFrom(Localpart.from(success.username()), domain);
        } catch (XmppStringprepException ex) {
            failure("not-authorized", "Invalid account name.", null);
            return;
        }
        authenticator.throttle().succeeded(addressKey(), success.username());
        connection.authenticated();
        byte[] data = success.additionalData();
        loggedIn.succeeded(account, Element.builder("success", Namespaces.SASL)
                .text(data == null ? null : Base64.getEncoder().encodeToString(data)).build().toXml());
    }

    private void failure(String condition, String text, String username) {
        if (!"aborted".equals(condition) && !"temporary-auth-failure".equals(condition)) {
            authenticator.throttle().failed(addressKey(), username); // normalised by the mechanism
        }
        connection.write(Element.builder("failure", Namespaces.SASL)
                .child(Element.of(condition, Namespaces.SASL))
                .child(Element.builder("text", Namespaces.SASL).attribute("xml:lang", "en").text(text).build())
                .build().toXml());
        if (++failures >= MAX_FAILURES) {
            stream.close();
        }
    }

    private String addressKey() {
        InetSocketAddress a = connection.remoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }

    private static byte[] decode(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getMimeDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }
}
