package org.magpie.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLSocket;

/**
 * One client-to-server XMPP connection on a blocking socket (the generator runs each on a virtual
 * thread). Writes are whole stanzas under a lock, so a sender and a reader may share it.
 */
final class XmppConnection implements Closeable {

    private static final AtomicLong IDS = new AtomicLong();

    private final Target target;
    private Socket socket;
    private OutputStream out;
    private final StanzaScanner scanner;
    private final Object writeLock = new Object();
    private String features = "";
    private String jid;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private volatile boolean reading;

    private XmppConnection(Target target, Socket socket) throws IOException {
        this.target = target;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.scanner = new StanzaScanner(socket.getInputStream(), 4096);
    }

    /** A TCP connection from the next loopback source address of the target's pool. */
    static XmppConnection connect(Target target) throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(true);
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(target.nextSource(), 0));
        s.connect(new InetSocketAddress(target.host(), target.port()), 30_000);
        s.setSoTimeout(60_000); // negotiation steps; cleared for long-lived readers
        return new XmppConnection(target, s);
    }

    /**
     * A logged-in, bound session: stream, optional STARTTLS, SASL, bind (and the legacy session
     * request where a server still requires it).
     */
    static XmppConnection login(Target target, Sasl sasl, String user, String password, boolean tls,
            String mechanism) throws Exception {
        XmppConnection c = connect(target);
        try {
            c.openStream();
            if (tls) {
                c.startTls();
            }
            String mech = c.pickMechanism(mechanism);
            sasl.authenticate(c, mech, user, password);
            c.openStream();
            c.bind("bench");
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    String openStream() throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
                + target.domain() + "' version='1.0'>");
        String f = scanner.next();
        if (!f.startsWith("<stream:features")) {
            throw new IOException("expected stream features, got: " + abbreviate(f));
        }
        features = f;
        return f;
    }

    void startTls() throws IOException {
        if (!features.contains("urn:ietf:params:xml:ns:xmpp-tls")) {
            throw new IOException("STARTTLS not offered: " + abbreviate(features));
        }
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        String answer = scanner.next();
        if (!answer.startsWith("<proceed")) {
            throw new IOException("STARTTLS refused: " + abbreviate(answer));
        }
        SSLSocket ssl = (SSLSocket) target.tls().getSocketFactory()
                .createSocket(socket, target.domain(), socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        out = ssl.getOutputStream();
        scanner.switchTo(ssl.getInputStream());
        openStream();
    }

    String pickMechanism(String wanted) throws IOException {
        if (!wanted.equals("auto")) {
            if (!features.contains(">" + wanted + "<")) {
                throw new IOException(wanted + " not offered: " + abbreviate(features));
            }
            return wanted;
        }
        for (String m : new String[] {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}) {
            if (features.contains(">" + m + "<")) {
                return m;
            }
        }
        throw new IOException("no usable SASL mechanism: " + abbreviate(features));
    }

    void bind(String resource) throws IOException {
        String id = nextId();
        send("<iq type='set' id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        String result = awaitIq(id);
        jid = Xml.childText(result, "jid");
        // RFC 3921 session establishment only where a server still marks it as required
        int at = features.indexOf("<session");
        if (at >= 0) {
            int gt = features.indexOf('>', at);
            int close = features.indexOf("</session>", gt);
            boolean required = features.charAt(gt - 1) == '/' || close < 0 || !features.substring(gt, close).contains("optional");
            if (!required) {
                return;
            }
            String sid = nextId();
            send("<iq type='set' id='" + sid + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            awaitIq(sid);
        }
    }

    /**
     * XEP-0077 in-band registration with username, password and nick. Returns false when the
     * account exists already (conflict), throws on any other refusal.
     */
    boolean register(String user, String password, String nick) throws IOException {
        String id = nextId();
        send("<iq type='set' id='" + id + "' to='" + target.domain() + "'><query xmlns='jabber:iq:register'><username>"
                + Xml.escape(user) + "</username><password>" + Xml.escape(password) + "</password><nick>"
                + Xml.escape(nick) + "</nick></query></iq>");
        String answer = awaitAnyIq(id);
        if (answer.contains("type='result'") || answer.contains("type=\"result\"")) {
            return true;
        }
        if (answer.contains("<conflict")) {
            return false;
        }
        throw new IOException("registration of " + user + " refused: " + abbreviate(answer));
    }

    /** Waits for the result of the IQ {@code id}, skipping other stanzas; throws on an error result. */
    String awaitIq(String id) throws IOException {
        String answer = awaitAnyIq(id);
        if (!(answer.contains("type='result'") || answer.contains("type=\"result\""))) {
            throw new IOException("IQ " + id + " failed: " + abbreviate(answer));
        }
        return answer;
    }

    String awaitAnyIq(String id) throws IOException {
        while (true) {
            String s = next();
            if (s.startsWith("<iq") && id.equals(Xml.attr(s, "id"))) {
                return s;
            }
        }
    }

    /** The next top-level element; throws when the stream ends. */
    String next() throws IOException {
        String s = scanner.next();
        if (s == StanzaScanner.STREAM_END) {
            throw new IOException("the server closed the stream");
        }
        if (s.startsWith("<stream:error")) {
            throw new IOException("stream error: " + abbreviate(s));
        }
        return s;
    }

    /** Like {@link #next()} but returns {@link StanzaScanner#STREAM_END} instead of throwing at the end. */
    String nextOrEnd() throws IOException {
        return scanner.next();
    }

    void send(String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    /**
     * Reads on a virtual thread until the stream ends: IQ answers complete {@link #request}s, every
     * other element goes to {@code handler}. After this, only {@link #request} may wait for answers.
     */
    void startReader(BiConsumer<XmppConnection, String> handler) throws IOException {
        socket.setSoTimeout(0);
        reading = true;
        Thread.ofVirtual().name("reader").start(() -> {
            try {
                while (true) {
                    String s = scanner.next();
                    if (s == StanzaScanner.STREAM_END) {
                        break;
                    }
                    if (s.startsWith("<iq")) {
                        String id = Xml.attr(s, "id");
                        CompletableFuture<String> f = id == null ? null : pending.remove(id);
                        if (f != null) {
                            f.complete(s);
                            continue;
                        }
                        if (answered(s, id)) {
                            continue;
                        }
                    }
                    handler.accept(this, s);
                }
            } catch (IOException | RuntimeException e) {
                // closed: the scenario counts what did not arrive
            } finally {
                reading = false;
                pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
            }
        });
    }

    /**
     * A request from the server gets its answer, as RFC 6120 asks of every client: servers ping to
     * learn that a client still reads (XEP-0199) and close connections that do not answer.
     */
    private boolean answered(String iq, String id) throws IOException {
        String type = Xml.attr(iq, "type");
        if (id == null || !"get".equals(type) && !"set".equals(type)) {
            return false;
        }
        String to = Xml.attr(iq, "from");
        String address = to == null ? "" : " to='" + to + "'";
        if (iq.contains("urn:xmpp:ping")) {
            send("<iq type='result' id='" + id + "'" + address + "/>");
        } else {
            send("<iq type='error' id='" + id + "'" + address + "><error type='cancel'><service-unavailable "
                    + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        }
        return true;
    }

    /** Sends an IQ (whose id is {@code id}) and waits for its answer through the reader. */
    String request(String id, String iqXml, long timeoutSeconds) throws Exception {
        if (!reading) {
            send(iqXml);
            return awaitAnyIq(id);
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(id, f);
        send(iqXml);
        return f.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    void noReadTimeout() throws IOException {
        socket.setSoTimeout(0);
    }

    /** Gives the read buffer back while the connection only sits idle. */
    void idle() {
        scanner.shrink();
    }

    String features() {
        return features;
    }

    String jid() {
        return jid;
    }

    static String nextId() {
        return "b" + IDS.incrementAndGet();
    }

    /** Ends the stream politely, then closes the socket. */
    void closeStream() {
        try {
            send("</stream:stream>");
        } catch (IOException e) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
