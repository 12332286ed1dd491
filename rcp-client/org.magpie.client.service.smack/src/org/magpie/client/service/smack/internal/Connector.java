package org.magpie.client.service.smack.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.parts.Localpart;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.TrustStore;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * Makes the XMPP connections: STARTTLS required with trust on first use ({@link TofuTrustManager}),
 * SASL SCRAM-SHA-256 (then SCRAM-SHA-1), the host resolved here, Smack's own reconnection off (the
 * service has the backoff it wants); and XEP-0077 registration with a nickname.
 */
public final class Connector {

    private static final Logger LOG = Logger.getLogger(Connector.class.getName());

    private final TrustStore trustStore;
    private final Duration connectTimeout;
    private final Duration replyTimeout;

    public Connector(TrustStore trustStore, Duration connectTimeout, Duration replyTimeout) {
        this.trustStore = trustStore;
        this.connectTimeout = connectTimeout;
        this.replyTimeout = replyTimeout;
    }

    /**
     * Once per JVM: our SCRAM-SHA-256, the providers of the Magpie elements, and Smack's XML parser.
     * Smack finds the parser through ServiceLoader, which in OSGi needs the Service Loader Mediator
     * (Aries SPI Fly) active before smack-xmlparser-stax starts; when it is not, the StAX parser is
     * set by hand.
     */
    public static void prepareSmack() {
        synchronized (Connector.class) {
            try {
                SmackXmlParser.getXmlPullParserFactory();
            } catch (IllegalStateException noParserFound) {
                LOG.info("No XML parser found through ServiceLoader; using Smack's StAX parser directly");
                SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
            }
            ScramSha256Mechanism.register();
            Notices.register();
            Groups.registerProviders();
            History.registerProviders();
        }
    }

    /** A new connection to {@code server}, not connected yet. */
    private XMPPTCPConnection newConnection(ServerAddress server) throws Exception {
        TofuTrustManager trust = new TofuTrustManager(trustStore, server.host(), server.port());
        XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(server.domain())
                // resolved here: one place for errors; Smack's own resolver is optional in OSGi
                .setHostAddress(InetAddress.getByName(server.host().strip()))
                .setPort(server.port())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setHostnameVerifier(trust)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setLanguage(Locale.getDefault())
                .setSendPresence(true); // the initial presence, right after login
        XMPPTCPConnection c = new XMPPTCPConnection(config.build());
        c.setReplyTimeout(replyTimeout.toMillis());
        ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection(); // ours has the backoff we want
        return c;
    }

    /**
     * A new connection to {@code server}, not connected yet, that tells {@code closed} how it ended
     * (null: closed normally) and {@code pingFailed} when the server stopped answering its pings.
     */
    public XMPPTCPConnection open(ServerAddress server, Duration pingInterval, Consumer<Exception> closed,
            Runnable pingFailed) throws ServiceException {
        XMPPTCPConnection c;
        try {
            c = newConnection(server);
        } catch (Exception e) {
            throw Failures.map(e, Operation.LOGIN);
        }
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                closed.accept(null);
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                closed.accept(e);
            }
        });
        PingManager ping = PingManager.getInstanceFor(c);
        ping.setPingInterval((int) Math.max(1, pingInterval.toSeconds()));
        ping.registerPingFailedListener(pingFailed::run);
        return c;
    }

    /** Connects and logs in; on failure the connection is closed and the failure is in the user's terms. */
    public void login(XMPPTCPConnection c, String username, String password) throws ServiceException {
        try {
            c.connect();
            c.login(username, password);
        } catch (Exception e) {
            c.disconnect();
            Async.interrupted(e);
            throw Failures.map(e, Operation.LOGIN);
        }
    }

    /** Registers an account (XEP-0077) with its nickname, over a connection of its own. */
    public void register(ServerAddress server, String username, String password, String nickname) throws Exception {
        Localpart localpart = Localpart.from(username);
        XMPPTCPConnection c = newConnection(server);
        try {
            c.connect();
            Map<String, String> attributes = new LinkedHashMap<>(); // Smack adds username and password to it
            attributes.put("nick", nickname);
            AccountManager.getInstance(c).createAccount(localpart, password, attributes);
        } catch (Exception e) {
            throw Failures.map(e, Operation.REGISTER);
        } finally {
            c.disconnect();
        }
    }

    /** The account's nickname from its registration (XEP-0077 get), else the username. */
    public static String ownNickname(XMPPTCPConnection c, String username) {
        try {
            String nick = AccountManager.getInstance(c).getAccountAttribute("nick");
            if (nick != null && !nick.isBlank()) {
                return nick.strip();
            }
        } catch (Exception e) {
            Async.interrupted(e);
            LOG.log(Level.FINE, "No nickname from the server; using the account name", e);
        }
        return c.getUser() == null ? username : c.getUser().getLocalpart().toString();
    }
}
