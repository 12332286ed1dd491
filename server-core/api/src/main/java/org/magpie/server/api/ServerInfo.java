package org.magpie.server.api;

import org.jxmpp.jid.DomainBareJid;
import org.osgi.annotation.versioning.ProviderType;

/** Facts about the running server a plugin may need. Provided by the core. */
@ProviderType
public interface ServerInfo {

    /** The XMPP domain served, e.g. {@code localhost} or {@code chat.example.com}. */
    DomainBareJid domain();

    /** The product version, e.g. {@code 0.1.0}. */
    String version();
}
