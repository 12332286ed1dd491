package org.magpie.server.core.session;

import java.time.Duration;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.xml.ParserLimits;

/** The stream-level settings every client session follows. */
public record StreamSettings(DomainBareJid domain, boolean tlsRequired, boolean plainWithoutTls,
        int sessionsPerAccount, ParserLimits parserLimits, Duration authTimeout, KeepAlive.Settings keepAlive) {
}
