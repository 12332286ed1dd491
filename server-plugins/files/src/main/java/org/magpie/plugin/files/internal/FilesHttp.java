package org.magpie.plugin.files.internal;

import org.magpie.plugin.http.JettyInstance;
import java.io.IOException;
import java.util.Hashtable;

import org.magpie.server.api.ListeningPorts;
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
 * unless {@code files.http.tls=false}) with {@link FilesServlet} on it. The port bound (any free one
 * for {@code files.http.port=0}) is what the URLs name and is reported to {@link ListeningPorts}.
 * Stopping the plugin removes the servlet and closes the port.
 */
@Component(immediate = true)
public final class FilesHttp {

    static final String JETTY_NAME = "magpie-files";
    static final String SETTING = "files.http.port";
    private static final Logger LOG = LoggerFactory.getLogger(FilesHttp.class);

    private final JettyInstance jetty;
    private final ServiceRegistration<Servlet> servlet;
    private final ListeningPorts ports;

    @Activate
    public FilesHttp(@Reference FileService files, @Reference ServerTls serverTls, @Reference ConfigurationAdmin admin,
            @Reference ListeningPorts ports, BundleContext context) throws IOException, InterruptedException {
        this.ports = ports;
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
            int port = JettyInstance.port(endpoint);
            files.urls().listeningOn(port);
            ports.opened(SETTING, port);
            LOG.info("file transfers on {} (URLs start with {})", endpoint, files.baseUrl());
        }
    }

    @Deactivate
    void stop() throws IOException {
        servlet.unregister();
        jetty.close();
        ports.closed(SETTING);
        LOG.info("file transfer port closed");
    }
}
