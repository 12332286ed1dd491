package org.magpie.server.api;

import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who receives whose presence (RFC 6121 subscriptions), for features that follow presence such as
 * personal eventing (XEP-0163). Provided by the roster plugin.
 *
 * @since 1.7
 */
@ProviderType
public interface PresenceSubscriptions {

    /** Whether {@code contact} is subscribed to {@code owner}'s presence ("from" or "both" in the owner's roster). */
    boolean receivesPresenceOf(EntityBareJid contact, EntityBareJid owner);

    /** The accounts whose presence {@code account} is subscribed to ("to" or "both" in its roster). */
    Set<EntityBareJid> presenceSourcesOf(EntityBareJid account);

    /** The accounts subscribed to {@code owner}'s presence ("from" or "both" in its roster). */
    Set<EntityBareJid> presenceSubscribersOf(EntityBareJid owner);
}
