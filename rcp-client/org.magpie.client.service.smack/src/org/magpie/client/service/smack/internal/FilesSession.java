package org.magpie.client.service.smack.internal;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.TrustStore;

/** What the file transfers need of the messaging session they go through. */
public interface FilesSession {

    /** The logged-in connection; UNREACHABLE while offline. */
    XMPPTCPConnection connection() throws ServiceException;

    /** The server logged in to; UNREACHABLE while offline. */
    ServerAddress server() throws ServiceException;

    /** The logged-in account, or null. */
    String account();

    /** The user's nickname, or null. */
    String nickname();

    /** The certificates trusted for the XMPP connection: the same ones are trusted for HTTPS. */
    TrustStore trustStore();
}
