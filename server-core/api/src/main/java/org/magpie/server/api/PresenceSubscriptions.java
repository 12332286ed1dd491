package org.magpie.server.api;

import org.jxmpp.jid.EntityBareJid;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who may see whose presence (RFC 6121 §3): what a feature that reveals presence-like information,
 * such as an account's last activity (XEP-0012 §4), asks before answering. Provided by the roster
 * plugin while it runs; take it as an optional reference and refuse when it is absent.
 *
 * @since 1.7
 */
@ProviderType
public interface PresenceSubscriptions {

    /** Whether {@code watcher} is subscribed to {@code contact}'s presence (the contact approved it). */
    boolean isSubscribed(EntityBareJid watcher, EntityBareJid contact);
}
