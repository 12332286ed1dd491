package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The connection a session writes to, which stream management (XEP-0198) may change: none while the
 * session waits for its client to come back, and the client's new connection once it resumed. While
 * detached, writes go nowhere and report success: stream management keeps what was sent for the
 * client's return or for offline storage.
 */
final class AttachedConnection implements Connection {

    private volatile Connection current;
    /** Where the client was last seen, also while detached. */
    private volatile Connection last;

    AttachedConnection(Connection first) {
        this.current = first;
        this.last = first;
    }

    /** The connection written to now, or null while detached. */
    Connection current() {
        return current;
    }

    boolean isCurrent(Connection c) {
        return c != null && c == current;
    }

    void detach() {
        current = null;
    }

    void attach(Connection c) {
        current = c;
        last = c;
    }

    @Override
    public boolean write(String xml) {
        Connection c = current;
        return c == null || c.write(xml);
    }

    @Override
    public CompletionStage<Boolean> writeConfirmed(String xml) {
        Connection c = current;
        return c == null ? CompletableFuture.completedFuture(true) : c.writeConfirmed(xml);
    }

    @Override
    public void startTls(String lastPlainXml) {
        current.startTls(lastPlainXml);
    }

    @Override
    public void close() {
        Connection c = current;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return last.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return last.localAddress();
    }

    @Override
    public void holding(long bytes) {
        last.holding(bytes);
    }

    @Override
    public boolean readingSuspended() {
        Connection c = current;
        return c != null && c.readingSuspended();
    }

    @Override
    public void authenticated() {
        last.authenticated();
    }
}
