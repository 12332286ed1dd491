package org.magpie.server.api;

import java.util.Collection;

import org.jxmpp.jid.EntityBareJid;
import org.osgi.annotation.versioning.ProviderType;

/** The bound client sessions of this server. Provided by the core. */
@ProviderType
public interface SessionManager {

    /** The bound sessions of one account, oldest first. */
    Collection<Session> sessions(EntityBareJid account);

    /** All bound sessions. */
    Collection<Session> sessions();

    /**
     * Ends every session of the account with a stream error.
     *
     * @return how many sessions were ended
     */
    int terminate(EntityBareJid account, StreamErrorCondition condition, String text);

    /**
     * Ends every session of {@code keep}'s account except {@code keep} itself, e.g. after a password
     * change made in that session.
     *
     * @return how many sessions were ended
     * @since 1.5
     */
    int terminateOthers(Session keep, StreamErrorCondition condition, String text);
}
