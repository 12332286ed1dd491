package org.magpie.server.core.transport;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Sits in front of the worker executor, on the I/O thread: counts every buffer read into its
 * connection's {@link InboundBudget}; the worker gives the bytes back once the session has taken
 * them ({@link #processed}). So the executor's per-connection queue never holds more than the budget
 * (plus one read).
 */
final class InboundBudgetFilter extends IoFilterAdapter {

    private static final AttributeKey BUDGET = new AttributeKey(InboundBudgetFilter.class, "budget");

    private final long bytesPerConnection;

    InboundBudgetFilter(long bytesPerConnection) {
        this.bytesPerConnection = bytesPerConnection;
    }

    static InboundBudget budget(IoSession io) {
        return (InboundBudget) io.getAttribute(BUDGET);
    }

    /** The worker is done with {@code bytes} of this connection's input. */
    static void processed(IoSession io, long bytes) {
        InboundBudget budget = budget(io);
        if (budget != null) {
            budget.add(-bytes);
        }
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession io) throws Exception {
        io.setAttribute(BUDGET, new InboundBudget(io, bytesPerConnection));
        next.sessionCreated(io);
    }

    @Override
    public void messageReceived(NextFilter next, IoSession io, Object message) throws Exception {
        IoBuffer buffer = message instanceof DecryptedMarker.Decrypted decrypted ? decrypted.buffer()
                : message instanceof IoBuffer plain ? plain : null;
        if (buffer != null) {
            InboundBudget budget = budget(io);
            if (budget != null) {
                budget.add(buffer.remaining());
            }
        }
        next.messageReceived(io, message);
    }
}
