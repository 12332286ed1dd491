package org.magpie.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb XMPP client on a raw socket: it writes exactly the bytes a test gives it
 * (malformed XML, DTDs, oversized stanzas) and reads what the server answers. It can also do
 * STARTTLS and a SCRAM-SHA-256 login, which Smack does not offer.
 */
final class RawXmppClient implements AutoCloseable {

    static final String OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private int consumed;
    /** How far {@link #answerPings} has looked. */
    private int pingsScanned;

    RawXmppClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /**
     * Connects from the given loopback address (any 127.x.y.z works on Linux), so that a test of
     * per-address limits has addresses of its own.
     */
    RawXmppClient(int port, String localAddress) throws IOException {
        socket = new Socket();
        socket.bind(new java.net.InetSocketAddress(localAddress, 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(200);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits until the unread part of the input contains {@code marker}; returns that part up to and including it. */
    String await(String marker, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int at = received.indexOf(marker, consumed);
            if (at >= 0) {
                String chunk = received.substring(consumed, at + marker.length());
                consumed = at + marker.length();
                return chunk;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + marker + "' within " + timeout + "; received: " + tail(received.substring(consumed)));
            }
            if (!readSome()) {
                throw new AssertionError("connection closed before '" + marker + "'; received: " + tail(received.substring(consumed)));
            }
        }
    }

    /**
     * Answers every server ping (XEP-0199) received since the last call, as a live client does: the
     * server then counts what it wrote before each ping as read.
     */
    void answerPings() throws IOException {
        Matcher m = Pattern.compile("<iq[^>]*?id=[\"']([^\"']+)[\"'][^>]*><ping xmlns=[\"']urn:xmpp:ping[\"']")
                .matcher(received);
        int end = pingsScanned;
        while (m.find(end)) {
            send("<iq type='result' id='" + m.group(1) + "'/>");
            end = m.end();
        }
        pingsScanned = end;
    }

    /** Whether the server closes the connection within the timeout (reading and keeping what comes). */
    boolean closedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!readSome()) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** Everything received so far. */
    String transcript() {
        return received.toString();
    }

    private boolean readSome() throws IOException {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            if (n < 0) {
                return false;
            }
            received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            // nothing yet
        }
        return true;
    }

    /** Opens the stream, negotiates STARTTLS and opens the stream again inside TLS. */
    void startTls(SSLContext tls) throws IOException {
        startTlsInjecting(tls, "", true);
    }

    /**
     * STARTTLS with {@code injected} plain text sent right after {@code <starttls/>}, before the
     * TLS handshake, as a man in the middle would: in the same TCP segment, or in the next one
     * without waiting for {@code <proceed/>}.
     */
    void startTlsInjecting(SSLContext tls, String injected, boolean oneSegment) throws IOException {
        send(OPEN);
        await("</stream:features>", Duration.ofSeconds(10));
        String starttls = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
        if (oneSegment) {
            send(starttls + injected);
        } else {
            send(starttls);
            send(injected);
        }
        await("<proceed", Duration.ofSeconds(10));
        await(">", Duration.ofSeconds(1));
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(10_000); // the short read timeout below is for polling, not for a handshake
        ssl.startHandshake();
        socket = ssl;
        socket.setSoTimeout(200);
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        send(OPEN);
    }

    /** SCRAM-SHA-256 (RFC 7677) from the client side; returns the server's final element. */
    String scramSha256(String user, String password) throws Exception {
        String features = await("</stream:features>", Duration.ofSeconds(10));
        if (!features.contains("<mechanism>SCRAM-SHA-256</mechanism>")) {
            throw new AssertionError("SCRAM-SHA-256 not offered: " + features);
        }
        byte[] nonceBytes = new byte[18];
        new SecureRandom().nextBytes(nonceBytes);
        String clientNonce = Base64.getEncoder().encodeToString(nonceBytes);
        String clientFirstBare = "n=" + user + ",r=" + clientNonce;
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                + b64("n,," + clientFirstBare) + "</auth>");
        String challenge = await("</challenge>", Duration.ofSeconds(10));
        String serverFirst = new String(Base64.getDecoder().decode(between(challenge, ">", "</challenge>")), StandardCharsets.UTF_8);
        Map<String, String> attrs = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(attrs.get("s")),
                Integer.parseInt(attrs.get("i")), 256);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
        String outcome = awaitAny("</success>", "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", "</failure>");
        if (outcome.contains("success")) {
            String expected = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
            Matcher m = Pattern.compile("<success[^>]*>([^<]*)</success>").matcher(outcome);
            if (!m.find() || !expected.equals(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8))) {
                throw new AssertionError("server signature does not verify: " + outcome);
            }
        }
        return outcome;
    }

    /** SASL PLAIN (RFC 4616, inside TLS); returns the server's final element. */
    String plain(String user, String password) throws Exception {
        await("</stream:features>", Duration.ofSeconds(10));
        byte[] message = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(message) + "</auth>");
        return awaitAny("</success>", "<success xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"/>", "</failure>");
    }

    /** STARTTLS, SCRAM-SHA-256, the new stream and a bound resource: a logged-in raw client. */
    void logIn(SSLContext tls, String user, String password, String resource) throws Exception {
        logInWithoutBinding(tls, user, password);
        send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        await("</iq>", Duration.ofSeconds(10));
    }

    /** STARTTLS, SCRAM-SHA-256 and the new stream's features: authenticated, no resource bound yet. */
    void logInWithoutBinding(SSLContext tls, String user, String password) throws Exception {
        startTls(tls);
        String outcome = scramSha256(user, password);
        if (!outcome.contains("success")) {
            throw new AssertionError("login of " + user + " failed: " + outcome);
        }
        send(OPEN);
        await("</stream:features>", Duration.ofSeconds(10));
    }

    /** Waits for the whole IQ with this id (a result may be an empty element, an error has children). */
    String awaitIq(String id, Duration timeout) throws IOException {
        Pattern iq = Pattern.compile("<iq[^>]*id=[\"']" + Pattern.quote(id) + "[\"'][^>]*?(/>|>.*?</iq>)", Pattern.DOTALL);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = iq.matcher(received);
            if (m.find(consumed)) {
                consumed = m.end();
                return m.group();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no iq " + id + " within " + timeout + "; received: " + tail(received.substring(consumed)));
            }
            if (!readSome()) {
                throw new AssertionError("connection closed before iq " + id + "; received: " + tail(received.substring(consumed)));
            }
        }
    }

    /**
     * From now on a background thread sends a whitespace keepalive every {@code every} and, when
     * {@code read}, reads and discards whatever arrives: a client that is alive but idle (or, without
     * reading, one that is alive but does not read). The test must not write any more.
     */
    void keepAliveInBackground(Duration every, boolean read) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            long next = System.nanoTime();
            try {
                while (!socket.isClosed()) {
                    if (System.nanoTime() >= next) {
                        out.write(' ');
                        out.flush();
                        next = System.nanoTime() + every.toNanos();
                    }
                    if (!read) {
                        Thread.sleep(every.toMillis());
                        continue;
                    }
                    try {
                        if (in.read(buf) < 0) {
                            return;
                        }
                    } catch (SocketTimeoutException e) {
                        // poll again
                    }
                }
            } catch (IOException e) {
                // closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "raw-keepalive");
        t.setDaemon(true);
        t.start();
    }

    /** Writes without ever reading (from a thread of the test's choice); blocks when the server stops reading. */
    OutputStream output() {
        return out;
    }

    /** Waits up to 10 s for whichever marker comes first; returns the input up to and including it. */
    String awaitAny(String... markers) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String marker : markers) {
                if (received.indexOf(marker, consumed) >= 0) {
                    return await(marker, Duration.ofSeconds(1));
                }
            }
            if (!readSome()) {
                break;
            }
        }
        throw new AssertionError("none of the expected answers; received: " + received.substring(consumed));
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The end of a long input: an assertion message must not carry megabytes. */
    private static String tail(String s) {
        return s.length() <= 4000 ? s : "[" + (s.length() - 4000) + " characters before] " + s.substring(s.length() - 4000);
    }

    private static String between(String s, String start, String end) {
        int e = s.lastIndexOf(end);
        int b = s.lastIndexOf(start, e - 1);
        return s.substring(b + start.length(), e);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
