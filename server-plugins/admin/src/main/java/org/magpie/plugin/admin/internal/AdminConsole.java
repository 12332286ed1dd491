package org.magpie.plugin.admin.internal;

import org.magpie.plugin.http.JettyInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;

import org.magpie.server.api.AccountService;
import org.magpie.server.api.Administrators;
import org.magpie.server.api.ListeningPorts;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.tls.ServerTls;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * The admin console: one web page with the server's figures, the plugins with enable and disable
 * buttons, and who is online (see {@link ConsoleServlet}), on a Jetty server of its own run by
 * Apache Felix HTTP, on loopback by default. Passwords cross the network in HTTP Basic, so the
 * console never listens on any other address without TLS: it says so in the log and stays closed.
 */
@Component(immediate = true, configurationPid = AdminConsole.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfig.class)
public final class AdminConsole {

    static final String PID = "org.magpie.console";
    static final String JETTY_NAME = "magpie-console";
    static final String SETTING = "console.port";

    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);

    private final ServiceRegistration<Servlet> servlet;
    private final JettyInstance jetty;
    private final ListeningPorts ports;

    @Activate
    public AdminConsole(ConsoleConfig config, BundleContext context, @Reference PluginStates states,
            @Reference Administrators administrators, @Reference AccountService accounts, @Reference ServerInfo server,
            @Reference SessionManager sessions, @Reference ServerTls serverTls, @Reference ConfigurationAdmin admin,
            @Reference ListeningPorts ports) throws IOException, InterruptedException {
        this.ports = ports;
        if (!config.enabled() || !mayListen(config)) {
            servlet = null;
            jetty = null;
            return;
        }
        ServerTls.KeyStoreFile tls = config.tls() ? serverTls.keyStore() : null;
        LoginFailures failures = new LoginFailures(config.failures_max(), Duration.ofSeconds(config.failures_window_seconds()),
                Clock.systemUTC());
        servlet = context.registerService(Servlet.class, new ConsoleServlet(new ConsoleServlet.Services(new Plugins(context), states,
                administrators, accounts, server, sessions), failures), new Hashtable<>(JettyInstance.servletProperties(JETTY_NAME)));
        jetty = JettyInstance.start(admin, new JettyInstance.Settings(JETTY_NAME, config.address(), config.port(), tls,
                config.idle_timeout_seconds(), config.threads(), 8192));
        String endpoint = jetty.await(context, 30);
        if (endpoint == null) {
            LOG.error("the admin console did not open {}:{} within 30 s; see the HTTP server's messages above "
                    + "(is another program using the port? see console.port)", config.address(), config.port());
        } else {
            ports.opened(SETTING, JettyInstance.port(endpoint));
            LOG.info("admin console on {}", endpoint);
        }
    }

    /**
     * Loopback, or TLS: an administrator's password must not cross the network in the clear. The
     * wildcard address (0.0.0.0, ::) is every interface, so it is not loopback.
     */
    static boolean mayListen(ConsoleConfig config) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(config.address()).isLoopbackAddress();
        } catch (IOException e) {
            LOG.error("admin console not started: console.address={} is not an address of this machine ({})", config.address(),
                    e.getMessage());
            return false;
        }
        if (!loopback && !config.tls()) {
            LOG.error("admin console not started: console.address={} is not a loopback address and console.tls=false, so "
                    + "administrators' passwords would cross the network unencrypted. Set console.tls=true, or keep "
                    + "console.address=127.0.0.1 and reach it through an SSH tunnel.", config.address());
            return false;
        }
        return true;
    }

    @Deactivate
    void stop() throws IOException {
        if (servlet != null) {
            servlet.unregister();
            jetty.close();
            ports.closed(SETTING);
            LOG.info("admin console closed");
        }
    }
}
