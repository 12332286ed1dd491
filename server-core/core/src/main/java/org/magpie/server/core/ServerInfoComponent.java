package org.magpie.server.core;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.ServerInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** Publishes the served domain and the version; kept apart so that the account store can use it. */
@Component(configurationPid = "org.magpie.server", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ServerInfoComponent implements ServerInfo {

    private final DomainBareJid domain;
    private final String version;

    @Activate
    public ServerInfoComponent(ServerConfig config, BundleContext context) throws XmppStringprepException {
        this.domain = JidCreate.domainBareFrom(config.domain());
        this.version = context.getBundle().getVersion().toString().replace(".SNAPSHOT", "-SNAPSHOT");
    }

    @Override
    public DomainBareJid domain() {
        return domain;
    }

    @Override
    public String version() {
        return version;
    }
}
