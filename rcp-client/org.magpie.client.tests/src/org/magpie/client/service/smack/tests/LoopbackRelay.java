package org.magpie.client.service.smack.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that stands for the network between a client and a server port, so a
 * test can break it the ways a real network breaks:
 * <ul>
 * <li>{@link #cut()}: every connection is reset (RST) and new ones are refused, as when a router
 * or the server's host goes away;</li>
 * <li>{@link #blackhole()}: connections stay open but no byte passes any more, and new ones are
 * refused, as when a cable is pulled or Wi-Fi drops (nothing tells the client);</li>
 * <li>{@link #restore()}: the network is back; new connections pass again (the dead ones stay dead).</li>
 * </ul>
 * Bytes are copied as they come, in both directions, one thread per direction.
 */
final class LoopbackRelay implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private volatile int target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Object gate = new Object();
    private volatile ServerSocket listener;
    private volatile boolean passing = true;
    private volatile boolean closed;

    /** Listens on a free loopback port and relays to {@code targetPort} on loopback. */
    LoopbackRelay(int targetPort) throws IOException {
        this.target = targetPort;
        ServerSocket s = new ServerSocket(0, 50, LOOPBACK);
        this.port = s.getLocalPort();
        listen(s);
    }

    /**
     * Relays new connections to {@code targetPort} from now on: a server configured with this
     * relay's port starts after the relay and binds a free port of its own, known only then.
     */
    void relayTo(int targetPort) {
        this.target = targetPort;
    }

    /** Where clients connect. */
    int port() {
        return port;
    }

    /** Bytes passed from clients to the server so far. */
    long up() {
        return up.get();
    }

    /** Bytes passed from the server to clients so far. */
    long down() {
        return down.get();
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Resets every connection and refuses new ones until {@link #restore()}. */
    synchronized void cut() throws IOException {
        stopListening();
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
    }

    /** Passes no more bytes, keeping connections open, and refuses new ones until {@link #restore()}. */
    synchronized void blackhole() throws IOException {
        passing = false;
        stopListening();
    }

    /** The network is back: new connections pass; those blackholed before are reset (their clients left them). */
    synchronized void restore() throws IOException {
        if (!passing) {
            for (Socket s : open) {
                reset(s);
            }
            open.clear();
        }
        synchronized (gate) {
            passing = true;
            gate.notifyAll();
        }
        if (listener == null) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port), 50);
            listen(s);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cut();
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void stopListening() throws IOException {
        ServerSocket s = listener;
        listener = null;
        if (s != null) {
            s.close();
        }
    }

    private void listen(ServerSocket s) {
        listener = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    accepted.incrementAndGet();
                    Socket server = new Socket(LOOPBACK, target);
                    open.add(client);
                    open.add(server);
                    pump(client, server, up);
                    pump(server, client, down);
                } catch (IOException e) {
                    // closed by cut() or blackhole(): the listener thread ends
                }
            }
        }, "relay-" + port + "-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, AtomicLong count) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    awaitPassing();
                    if (from.isClosed() || to.isClosed()) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    count.addAndGet(n);
                }
                to.shutdownOutput(); // an orderly close passes on
            } catch (IOException | InterruptedException e) {
                reset(from);
                reset(to);
            } finally {
                open.remove(from);
            }
        }, "relay-" + port + "-pump");
        t.setDaemon(true);
        t.start();
    }

    /** A blackholed connection holds its bytes here until the relay passes again or the socket is closed. */
    private void awaitPassing() throws InterruptedException {
        synchronized (gate) {
            while (!passing && !closed) {
                gate.wait(200);
            }
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, as a dead link looks to the peer
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }
}
