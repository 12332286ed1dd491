package org.magpie.server.api;

import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Takes back messages the core wrote to a client that never proved it read them: the session ended
 * without the client's own {@code </stream:stream>} (a half-open connection, a crash, a cable pulled)
 * before the client answered a ping sent after them. The plugin that keeps offline messages registers
 * this as an OSGi service and keeps them for the account's next login (the archive has its history
 * copy already). A message may thus arrive twice, never not at all. With no such service the core
 * logs how many were lost.
 *
 * @since 1.5
 */
@ConsumerType
public interface UndeliveredMessages {

    /**
     * @param session the full JID of the session that ended (it is no longer bound)
     * @param messages chat and normal messages with a body, in the order they were written; their
     *        {@code to} is the session's full JID
     */
    void undelivered(EntityFullJid session, List<Stanza> messages);
}
