package org.magpie.plugin.admin.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Administrators;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The admin console: one web page on a loopback port (by default) with the server's figures, the
 * plugins with enable and disable buttons, and who is online. Administrators log in with their
 * Magpie account (HTTP Basic over loopback; the password is checked against the stored SCRAM keys).
 * Buttons post a per-start token, so another web page cannot switch plugins through the browser.
 */
@Component(immediate = true, configurationPid = AdminConsole.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfig.class)
public final class AdminConsole {

    static final String PID = "org.magpie.console";
    static final int MAX_FAILURES = 10;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);

    private final HttpServer http;
    private final Plugins plugins;
    private final PluginStates states;
    private final Administrators administrators;
    private final AccountService accounts;
    private final ServerInfo server;
    private final ComponentServiceObjects<SessionManager> sessions;
    private final String csrf;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<Instant>> failures = new ConcurrentHashMap<>();

    @Activate
    public AdminConsole(ConsoleConfig config, BundleContext context, @Reference PluginStates states,
            @Reference Administrators administrators, @Reference AccountService accounts, @Reference ServerInfo server,
            @Reference ComponentServiceObjects<SessionManager> sessions) throws IOException {
        this.plugins = new Plugins(context);
        this.states = states;
        this.administrators = administrators;
        this.accounts = accounts;
        this.server = server;
        this.sessions = sessions;
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        this.csrf = HexFormat.of().formatHex(token);
        if (!config.enabled()) {
            http = null;
            return;
        }
        http = HttpServer.create(new InetSocketAddress(config.address(), config.port()), 16);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
        LOG.info("admin console on http://{}:{}/", config.address(), http.getAddress().getPort());
    }

    @Deactivate
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            x.getResponseHeaders().set("X-Frame-Options", "DENY");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            String address = x.getRemoteAddress().getAddress().getHostAddress();
            if (tooManyFailures(address)) {
                send(x, 429, "text/plain", "Too many failed logins; try again in a few minutes.");
                return;
            }
            Optional<EntityBareJid> admin = authenticate(x);
            if (admin.isEmpty()) {
                failures.computeIfAbsent(address, a -> new ArrayList<>()).add(clock.instant());
                x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Magpie administration\", charset=\"UTF-8\"");
                send(x, 401, "text/plain", "Log in with a Magpie administrator account.");
                return;
            }
            String path = x.getRequestURI().getPath();
            if ("GET".equals(x.getRequestMethod()) && "/".equals(path)) {
                send(x, 200, "text/html; charset=utf-8", page(null));
            } else if ("POST".equals(x.getRequestMethod()) && "/plugins".equals(path)) {
                switchPlugin(x, admin.get());
            } else {
                send(x, 404, "text/plain", "Not found.");
            }
        } catch (RuntimeException e) {
            LOG.error("admin console request failed", e);
        }
    }

    private void switchPlugin(HttpExchange x, EntityBareJid admin) throws IOException {
        Map<String, String> form = form(new String(x.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8));
        if (!csrf.equals(form.get("csrf"))) {
            send(x, 403, "text/plain", "This form is out of date; reload the page.");
            return;
        }
        String name = form.getOrDefault("plugin", "");
        boolean on = Boolean.parseBoolean(form.get("enabled"));
        Optional<Bundle> bundle = plugins.find(name);
        String message;
        if (bundle.isEmpty()) {
            message = "There is no plugin " + name + ".";
        } else if (Plugins.ALWAYS_ON.contains(bundle.get().getSymbolicName())) {
            message = "The " + name + " plugin runs the administration and stays on.";
        } else {
            try {
                states.remember(bundle.get().getSymbolicName(), on);
                Plugins.enable(bundle.get(), on);
                message = "The plugin " + name + " is " + (on ? "enabled." : "disabled.");
                LOG.info("plugin {} switched {} by {} in the admin console", name, on ? "on" : "off", admin);
            } catch (java.sql.SQLException | BundleException | IllegalStateException e) {
                LOG.error("plugin {} could not be switched", name, e);
                message = "The plugin " + name + " could not be switched: " + e.getMessage();
            }
        }
        send(x, 200, "text/html; charset=utf-8", page(message));
    }

    private String page(String message) {
        SessionManager manager = sessions.getService();
        try {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            List<ConsolePage.SessionRow> online = new ArrayList<>();
            for (Session s : manager.sessions()) {
                online.add(new ConsolePage.SessionRow(s.jid().map(Object::toString).orElse("?"),
                        s.remoteAddress().getAddress().getHostAddress(), s.isSecure(),
                        s.presence().map(p -> p.element().childText("show").orElse("online")).orElse("not available")));
            }
            List<ConsolePage.PluginRow> rows = plugins.all().stream().map(b -> new ConsolePage.PluginRow(Plugins.shortName(b),
                    b.getVersion().toString(), Plugins.enabled(b), !Plugins.ALWAYS_ON.contains(b.getSymbolicName()))).toList();
            return ConsolePage.render(new ConsolePage.Figures(server.domain().toString(), server.version(),
                    Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()), online.size(), accounts.count(),
                    heap.getUsed() >> 20, heap.getMax() >> 20), rows, online, csrf, message);
        } finally {
            sessions.ungetService(manager);
        }
    }

    private Optional<EntityBareJid> authenticate(HttpExchange x) {
        String header = x.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        int at = user.indexOf('@');
        String name = at >= 0 ? user.substring(0, at) : user;
        Optional<EntityBareJid> jid = Optional.ofNullable(JidCreate.entityBareFromOrNull(name + "@" + server.domain()));
        return jid.filter(administrators::isAdministrator).filter(j -> accounts.checkPassword(name, decoded.substring(colon + 1)));
    }

    private boolean tooManyFailures(String address) {
        List<Instant> list = failures.get(address);
        if (list == null) {
            return false;
        }
        synchronized (list) {
            Instant since = clock.instant().minus(FAILURE_WINDOW);
            list.removeIf(t -> t.isBefore(since));
            return list.size() >= MAX_FAILURES;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
