package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Optional;

import org.magpie.server.api.SessionManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * The file transfer port: a Jetty server of the plugin's own (HTTPS with the XMPP port's certificate
 * unless {@code files.http.tls=false}) with {@link FilesServlet} on it. Stopping the plugin removes
 * the servlet and closes the port.
 */
@Component(immediate = true)
public final class FilesHttp {

    static final String JETTY_NAME = "magpie-files";
    private static final Logger LOG = LoggerFactory.getLogger(FilesHttp.class);

    private final JettyInstance jetty;
    private final ServiceRegistration<Servlet> servlet;

    /**
     * The session manager is not used: asking for it means the core is up, and with it the
     * certificate it generates on the first start, which this port shares.
     */
    @Activate
    public FilesHttp(@Reference FileService files, @Reference SessionManager sessions, @Reference ConfigurationAdmin admin,
            BundleContext context) throws IOException, InterruptedException {
        FilesConfig config = files.config();
        Path data = Path.of(Optional.ofNullable(context.getProperty("magpie.data.dir")).filter(d -> !d.isBlank()).orElse("data"));
        JettyInstance.Tls tls = config.http_tls() ? JettyInstance.Tls.of(config.tls_keystore(), config.tls_keystore_password(), data)
                : null;
        servlet = context.registerService(Servlet.class,
                new FilesServlet(files, new TransferLimits(config.http_max_transfers_per_address(), config.http_max_transfers())),
                new Hashtable<>(JettyInstance.servletProperties(JETTY_NAME)));
        jetty = JettyInstance.start(admin, new JettyInstance.Settings(JETTY_NAME, config.http_address(), config.http_port(), tls,
                config.http_idle_timeout_seconds(), config.http_threads(), config.http_header_bytes()));
        String endpoint = jetty.await(context, 30);
        if (endpoint == null) {
            LOG.error("the file transfer port {}:{} did not open within 30 s; see the HTTP server's messages above "
                    + "(is another program using the port? see files.http.port)", config.http_address(), config.http_port());
        } else {
            LOG.info("file transfers on {} (URLs start with {})", endpoint, files.baseUrl());
        }
    }

    @Deactivate
    void stop() throws IOException {
        servlet.unregister();
        jetty.close();
        LOG.info("file transfer port closed");
    }
}
