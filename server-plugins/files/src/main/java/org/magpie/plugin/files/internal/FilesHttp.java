package org.magpie.plugin.files.internal;

import org.magpie.plugin.http.JettyInstance;
import java.io.IOException;
import java.util.Hashtable;

import org.magpie.server.api.tls.ServerTls;
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
 * The file transfer port: a Jetty server of the plugin's own (HTTPS with the server's certificate
 * unless {@code files.http.tls=false}) with {@link FilesServlet} on it. Stopping the plugin removes
 * the servlet and closes the port.
 */
@Component(immediate = true)
public final class FilesHttp {

    static final String JETTY_NAME = "magpie-files";
    private static final Logger LOG = LoggerFactory.getLogger(FilesHttp.class);

    private final JettyInstance jetty;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public FilesHttp(@Reference FileService files, @Reference ServerTls serverTls, @Reference ConfigurationAdmin admin,
            BundleContext context) throws IOException, InterruptedException {
        FilesConfig config = files.config();
        ServerTls.KeyStoreFile tls = config.http_tls() ? serverTls.keyStore() : null;
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
