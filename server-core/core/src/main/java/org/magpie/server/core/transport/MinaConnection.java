package org.magpie.server.core.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.magpie.server.core.session.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A client session's view of its MINA connection. */
final class MinaConnection implements Connection {

    /**
     * A client that stops reading must not make the server buffer without end: past this many
     * queued bytes the connection is dropped (its session ends as after a network loss).
     */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MinaConnection.class);

    private final IoSession io;
    private final SSLContext tls;

    MinaConnection(IoSession io, SSLContext tls) {
        this.io = io;
        this.tls = tls;
    }

    @Override
    public void write(String xml) {
        queue(xml);
    }

    /** The write's future, or null when the connection is dropped instead. */
    private WriteFuture queue(String xml) {
        if (io.getScheduledWriteBytes() > MAX_QUEUED_BYTES) {
            LOG.warn("{} does not read what it is sent ({} bytes queued): disconnecting", io.getRemoteAddress(),
                    io.getScheduledWriteBytes());
            io.closeNow();
            return null;
        }
        return io.write(IoBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public CompletionStage<Boolean> writeConfirmed(String xml) {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        if (io.isClosing()) {
            written.complete(false);
            return written;
        }
        WriteFuture future = queue(xml);
        if (future == null) {
            written.complete(false);
        } else {
            future.addListener(f -> written.complete(((WriteFuture) f).isWritten()));
        }
        return written;
    }

    /**
     * Reading is suspended while {@code <proceed/>} goes out in the clear, so that the client's
     * TLS handshake, which it starts on receiving it, is only read once the SslFilter is in place.
     */
    @Override
    public void startTls(String lastPlainXml) {
        // from here on only bytes that came through TLS count (RFC 6120 5.4.3.3): clear text read
        // before reading stopped, or injected before the handshake, is discarded (ClientListener)
        io.setAttribute(ClientListener.TLS_STARTED, Boolean.TRUE);
        io.suspendRead();
        io.write(IoBuffer.wrap(lastPlainXml.getBytes(StandardCharsets.UTF_8))).addListener(future -> {
            try {
                SslFilter filter = new SslFilter(tls);
                filter.setEnabledProtocols("TLSv1.3", "TLSv1.2");
                io.getFilterChain().addFirst("tls", filter);
                io.getFilterChain().addAfter("tls", "decrypted", new DecryptedMarker());
                io.resumeRead();
            } catch (RuntimeException e) {
                io.closeNow();
            }
        });
    }

    @Override
    public void close() {
        io.closeOnFlush();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) io.getRemoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) io.getLocalAddress();
    }
}
