package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** A connection without a network: what is written is kept in {@link #wire}, in order. */
final class TestConnection implements Connection {

    final BlockingQueue<String> wire = new LinkedBlockingQueue<>();
    /** Like a connection whose client passed the outbound limit: nothing more is queued. */
    volatile boolean refusing;
    volatile boolean closed;
    /** What the session holds of what it has read (see {@link Connection#holding}). */
    volatile long holding;
    private final InetSocketAddress remote;

    TestConnection() {
        this(null);
    }

    TestConnection(InetSocketAddress remote) {
        this.remote = remote;
    }

    /** Everything written so far, as one text, and forgotten. */
    String take() {
        StringBuilder sb = new StringBuilder();
        for (String s = wire.poll(); s != null; s = wire.poll()) {
            sb.append(s);
        }
        return sb.toString();
    }

    @Override
    public boolean write(String xml) {
        if (refusing) {
            return false;
        }
        wire.add(xml);
        return true;
    }

    @Override
    public CompletionStage<Boolean> writeConfirmed(String xml) {
        return CompletableFuture.completedFuture(write(xml));
    }

    @Override
    public void startTls(String lastPlainXml) {
        write(lastPlainXml);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return null;
    }

    @Override
    public synchronized void holding(long bytes) {
        holding += bytes;
    }
}
