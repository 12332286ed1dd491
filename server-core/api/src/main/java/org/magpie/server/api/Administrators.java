package org.magpie.server.api;

import org.jxmpp.jid.EntityBareJid;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who administers this server ({@code admin.accounts} in conf/magpie.properties). Provided by the
 * commands plugin; used by whatever offers administration (commands, the admin console).
 *
 * @since 1.3
 */
@ProviderType
public interface Administrators {

    boolean isAdministrator(EntityBareJid account);
}
