package org.magpie.server.core.transport;

import org.apache.mina.core.session.IoSession;

/**
 * What one connection has read and the server has not yet dealt with, in bytes: bytes waiting for a
 * worker, plus stanzas its session holds behind an earlier stanza's pending verdict. Above the budget
 * the connection is no longer read, so a client that writes faster than the server can process only
 * fills its own socket buffers; reading resumes once half the budget is free again.
 *
 * <p>The TLS switch also stops reading; both reasons are tracked here, because MINA's
 * suspendRead/resumeRead do not count: one resume would undo both.
 */
final class InboundBudget {

    private final IoSession io;
    private final long limit;
    private long held;
    private boolean over;
    private boolean tlsPending;
    private boolean suspended;

    InboundBudget(IoSession io, long limit) {
        this.io = io;
        this.limit = limit;
    }

    /** {@code bytes} more (or, negative, fewer) are held. */
    synchronized void add(long bytes) {
        held += bytes;
        update();
    }

    /** Stops reading until the TLS filter is in place (see {@link MinaConnection#startTls}). */
    synchronized void pauseForTls() {
        tlsPending = true;
        update();
    }

    synchronized void tlsInPlace() {
        tlsPending = false;
        update();
    }

    /** Whether reading is stopped because this connection holds too much. */
    synchronized boolean overBudget() {
        return over;
    }

    synchronized long held() {
        return held;
    }

    private void update() {
        over = over ? held > limit / 2 : held > limit;
        boolean stop = over || tlsPending;
        if (stop && !suspended) {
            suspended = true;
            io.suspendRead();
        } else if (!stop && suspended) {
            suspended = false;
            io.resumeRead();
        }
    }
}
