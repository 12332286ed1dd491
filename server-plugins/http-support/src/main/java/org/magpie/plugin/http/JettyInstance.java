package org.magpie.plugin.http;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.magpie.server.api.tls.ServerTls;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Jetty server of its own for a plugin, run by Apache Felix HTTP: a factory configuration of
 * {@code org.apache.felix.http} named after the plugin, so the port opens when the plugin starts and
 * closes when it stops, and the plugin's servlet is bound to it alone with
 * {@code osgi.http.whiteboard.target}. Jetty does the HTTP: idle timeouts (a half-sent request is
 * cut off), header size, threads and TLS with the server's key store ({@link ServerTls}), which
 * Jetty loads itself from the file.
 * Plugins depend on the server api alone at run time, so each one that serves HTTP embeds its own
 * copy of this package (bnd {@code -conditionalpackage}); the source is this one.
 */
public final class JettyInstance implements AutoCloseable {

    public static final String FACTORY_PID = "org.apache.felix.http";
    public static final String NAME = "org.apache.felix.http.name";

    /**
     * What the Jetty server is told; everything else keeps Felix HTTP's defaults.
     *
     * @param tls the server's key store ({@link ServerTls#keyStore()}); null for plain HTTP
     */
    public record Settings(String name, String host, int port, ServerTls.KeyStoreFile tls, int idleTimeoutSeconds,
            int maxThreads, int headerBytes) {
    }

    private final Configuration configuration;
    private final String name;

    private JettyInstance(Configuration configuration, String name) {
        this.configuration = configuration;
        this.name = name;
    }

    /** Asks Felix HTTP for the server; it starts on Configuration Admin's thread (see {@link #await}). */
    public static JettyInstance start(ConfigurationAdmin admin, Settings s) throws IOException {
        Configuration c = admin.getFactoryConfiguration(FACTORY_PID, s.name(), "?");
        c.update(properties(s));
        return new JettyInstance(c, s.name());
    }

    public static Dictionary<String, Object> properties(Settings s) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NAME, s.name());
        p.put("org.apache.felix.http.host", s.host());
        p.put("org.apache.felix.http.context_path", "/");
        p.put("org.apache.felix.http.enable", s.tls() == null);
        p.put("org.apache.felix.https.enable", s.tls() != null);
        if (s.tls() == null) {
            p.put("org.osgi.service.http.port", s.port());
        } else {
            p.put("org.osgi.service.http.port.secure", s.port());
            p.put("org.apache.felix.https.keystore", s.tls().file().toString());
            p.put("org.apache.felix.https.keystore.type", "PKCS12");
            p.put("org.apache.felix.https.keystore.password", s.tls().password());
            p.put("org.apache.felix.https.keystore.key.password", s.tls().password());
        }
        p.put("org.apache.felix.http.timeout", s.idleTimeoutSeconds() * 1000);
        p.put("org.apache.felix.http.jetty.threadpool.max", s.maxThreads());
        p.put("org.apache.felix.http.jetty.headerBufferSize", s.headerBytes());
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        p.put("org.apache.felix.http2.enable", false);
        p.put("org.apache.felix.http.mbeans", false);
        return p;
    }

    /**
     * Waits until the server runs, so that URLs handed out right after the plugin started work.
     *
     * @return where it listens ({@code osgi.http.endpoint}), or null when it did not come in time
     */
    public String await(BundleContext context, long seconds) throws InterruptedException {
        ServiceTracker<HttpServiceRuntime, HttpServiceRuntime> tracker;
        try {
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter("(&(objectClass=" + HttpServiceRuntime.class.getName()
                    + ")(" + NAME + "=" + name + "))"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
        tracker.open();
        try {
            if (tracker.waitForService(TimeUnit.SECONDS.toMillis(seconds)) == null) {
                return null;
            }
            Object endpoint = tracker.getServiceReference().getProperty("osgi.http.endpoint");
            return endpoint instanceof String[] a ? String.join(", ", a) : String.valueOf(endpoint);
        } finally {
            tracker.close();
        }
    }

    /**
     * The port in an endpoint {@link #await} returned: the one Felix HTTP bound, also when the
     * setting was 0 (Felix HTTP then picks a free port itself and names it in the endpoint).
     */
    public static int port(String endpoint) {
        for (String one : endpoint.split(",")) { // one per address when it listens on all of them
            try {
                URI u = new URI(one.strip());
                if (u.getHost() != null) {
                    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
                }
            } catch (URISyntaxException e) {
                // an address Felix HTTP wrote in another form: the next one names the same port
            }
        }
        throw new IllegalArgumentException("no port in the endpoint " + endpoint);
    }

    /** The whiteboard properties that put a servlet on this server, at every path. */
    public static Map<String, Object> servletProperties(String name) {
        return Map.of("osgi.http.whiteboard.servlet.pattern", "/*", "osgi.http.whiteboard.target", "(" + NAME + "=" + name + ")",
                "osgi.http.whiteboard.servlet.name", name);
    }

    /** Stops the server and closes its port. */
    @Override
    public void close() throws IOException {
        try {
            configuration.delete();
        } catch (IllegalStateException e) {
            // Configuration Admin went first (the framework is stopping): Felix HTTP stops with it
        }
    }
}
