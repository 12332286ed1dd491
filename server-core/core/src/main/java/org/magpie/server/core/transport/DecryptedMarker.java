package org.magpie.server.core.transport;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;

/**
 * Sits right behind the SslFilter and marks what it hands on as having come through TLS. After
 * STARTTLS, clear-text bytes may still be on their way to the session (read before reading was
 * suspended, or injected by a man in the middle before the handshake); only marked bytes count.
 */
final class DecryptedMarker extends IoFilterAdapter {

    /** Application data the SslFilter decrypted. */
    record Decrypted(IoBuffer buffer) {
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        next.messageReceived(session, message instanceof IoBuffer buffer ? new Decrypted(buffer) : message);
    }
}
