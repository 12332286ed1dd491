package org.magpie.server.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

/** The outbound queue, against an IoSession that records writes and completes them when the test says. */
class MinaConnectionTest {

    private final List<String> written = new ArrayList<>();
    private final List<DefaultWriteFuture> unsent = new ArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final IoSession io = (IoSession) Proxy.newProxyInstance(IoSession.class.getClassLoader(),
            new Class<?>[] {IoSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "write" -> {
                    IoBuffer b = (IoBuffer) args[0];
                    written.add(new String(b.array(), b.position(), b.remaining(), StandardCharsets.UTF_8));
                    DefaultWriteFuture f = new DefaultWriteFuture((IoSession) proxy);
                    unsent.add(f);
                    yield f;
                }
                case "closeOnFlush" -> {
                    closes.incrementAndGet();
                    yield null;
                }
                case "getRemoteAddress" -> new InetSocketAddress("127.0.0.1", 5000);
                case "hashCode" -> 1;
                case "equals" -> proxy == args[0];
                default -> null;
            });

    private MinaConnection connection(long limit) {
        return new MinaConnection(io, null, limit, null, Runnable::run);
    }

    private void sendAll() {
        while (!unsent.isEmpty()) {
            unsent.remove(0).setWritten();
        }
    }

    @Test
    void beyondThePendingWritesTheRestWaitsAsOneWriteInOrder() {
        MinaConnection c = connection(1 << 20);
        for (int i = 0; i < MinaConnection.MAX_PENDING_WRITES + 3; i++) {
            c.write("<m" + i + "/>");
        }
        assertEquals(MinaConnection.MAX_PENDING_WRITES, written.size());
        unsent.remove(0).setWritten();
        int n = MinaConnection.MAX_PENDING_WRITES;
        assertEquals("<m" + n + "/><m" + (n + 1) + "/><m" + (n + 2) + "/>", written.get(written.size() - 1));
        c.write("<after/>");
        assertEquals(n + 1, written.size(), "the coalesced write took the free slot: <after/> waits");
        unsent.remove(0).setWritten();
        assertEquals("<after/>", written.get(written.size() - 1));
        unsent.remove(0).setWritten();
        c.write("<straight/>");
        assertEquals("<straight/>", written.get(written.size() - 1), "a free slot and no backlog: straight out");
    }

    @Test
    void aClientThatDoesNotReadGetsOneLastWriteAndNothingMore() {
        MinaConnection c = connection(100);
        AtomicInteger overflows = new AtomicInteger();
        c.onOverflow(() -> {
            overflows.incrementAndGet();
            c.write("<error/>");
            c.close();
        });
        c.write("x".repeat(60));
        c.write("y".repeat(60)); // 120 bytes would wait: over the limit
        c.write("<later/>");
        assertEquals(1, overflows.get());
        assertEquals(List.of("x".repeat(60), "<error/>"), written);
        assertEquals(0, closes.get(), "the close waits until everything is sent");
        sendAll();
        assertEquals(1, closes.get());
    }

    @Test
    void whileTheStreamErrorIsWrittenAnotherThreadsWriteIsDropped() throws Exception {
        MinaConnection c = connection(100);
        c.onOverflow(() -> {
            Thread other = new Thread(() -> c.write("<from-another-thread/>"));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.write("<error/>");
        });
        c.write("x".repeat(60));
        c.write("y".repeat(60));
        assertEquals(List.of("x".repeat(60), "<error/>"), written);
    }

    @Test
    void aCloseWaitsForTheBacklog() {
        MinaConnection c = connection(1 << 20);
        for (int i = 0; i < MinaConnection.MAX_PENDING_WRITES + 1; i++) {
            c.write("<m/>");
        }
        c.write("</stream:stream>");
        c.close();
        assertEquals(0, closes.get());
        unsent.remove(0).setWritten();
        assertTrue(written.get(written.size() - 1).endsWith("</stream:stream>"));
        assertEquals(0, closes.get());
        sendAll();
        assertEquals(1, closes.get());
    }
}
