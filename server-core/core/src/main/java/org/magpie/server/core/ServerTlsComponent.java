package org.magpie.server.core;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;

import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.tls.ServerTls;
import org.magpie.server.core.tls.TlsContextFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes the server's key and certificate ({@code server.tls.keystore}, or the one generated in
 * data/tls on the first start): the XMPP port and the plugins' HTTPS ports take this one service, so
 * the certificate is made once and every port shows the same one.
 */
@Component(configurationPid = "org.magpie.server", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ServerTlsComponent implements ServerTls {

    private final ServerTls tls;

    @Activate
    public ServerTlsComponent(ServerConfig config, BundleContext context, @Reference ServerInfo info)
            throws IOException, GeneralSecurityException {
        String dataDir = context.getProperty("magpie.data.dir");
        tls = TlsContextFactory.create(config.tls_keystore(), config.tls_keystore_password(),
                Path.of(dataDir == null || dataDir.isBlank() ? "data" : dataDir), info.domain().toString());
    }

    @Override
    public SSLContext context() {
        return tls.context();
    }

    @Override
    public KeyStoreFile keyStore() {
        return tls.keyStore();
    }
}
