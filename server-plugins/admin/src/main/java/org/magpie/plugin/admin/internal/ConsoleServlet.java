package org.magpie.plugin.admin.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Administrators;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.osgi.framework.Bundle;
import org.magpie.server.api.plugins.PluginSwitch.PluginSwitchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's requests, a servlet on the console's own Jetty server (see {@link AdminConsole}).
 * Administrators log in with their Magpie account (HTTP Basic; the password is checked against the
 * stored SCRAM keys). A request without credentials is asked to log in (401) and is no failed login;
 * a wrong name or password is, and an address with too many of them is refused (429) for a while,
 * before any password is checked. Buttons post a per-start token, so another web page cannot switch
 * plugins through the browser.
 */
final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);
    private static final int MAX_FORM = 4096;

    /** What a request needs from the server. */
    record Services(Plugins plugins, PluginStates states, Administrators administrators, AccountService accounts,
            ServerInfo server, SessionManager sessions) {
    }

    /** Who asked: an administrator, nobody (no credentials), or a failed login. */
    private enum Login {
        NONE, FAILED, ADMIN
    }

    private final transient Services services;
    private final transient Texts texts = Texts.of(ConsoleServlet.class);
    private final transient LoginFailures failures;
    private final String csrf;

    ConsoleServlet(Services services, LoginFailures failures) {
        this.services = services;
        this.failures = failures;
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        this.csrf = HexFormat.of().formatHex(token);
    }

    @Override
    protected void service(HttpServletRequest in, HttpServletResponse out) throws IOException {
        try {
            out.setHeader("X-Frame-Options", "DENY");
            out.setHeader("Cache-Control", "no-store");
            String address = in.getRemoteAddr();
            if (failures.blocked(address)) {
                out.setHeader("Retry-After", Long.toString(failures.window().toSeconds()));
                plain(out, 429, texts.text("console.too.many.failures", String.valueOf(failures.max()),
                        String.valueOf(failures.window().toMinutes())));
                return;
            }
            String header = in.getHeader("Authorization");
            Optional<EntityBareJid> admin = authenticate(header);
            if (admin.isEmpty()) {
                if (header != null) {
                    failures.failed(address);
                    LOG.info("failed admin console login from {}", address);
                }
                out.setHeader("WWW-Authenticate", "Basic realm=\"Magpie administration\", charset=\"UTF-8\"");
                plain(out, 401, texts.text("console.log.in"));
                return;
            }
            String path = in.getRequestURI();
            // from the query only: reading a POST's parameters would consume the form read below
            String language = ConsoleLanguage.of(form(Objects.requireNonNullElse(in.getQueryString(), "")).get("lang"),
                    in.getHeader("Accept-Language"));
            if ("GET".equals(in.getMethod()) && "/".equals(path)) {
                html(out, language, page(null, language));
            } else if ("POST".equals(in.getMethod()) && "/plugins".equals(path)) {
                switchPlugin(in, out, admin.get(), language);
            } else {
                plain(out, 404, texts.text("console.not.found"));
            }
        } catch (RuntimeException e) {
            LOG.error("admin console request failed", e);
            if (!out.isCommitted()) {
                out.reset();
                plain(out, 500, texts.text("console.failed"));
            }
        }
    }

    private void switchPlugin(HttpServletRequest in, HttpServletResponse out, EntityBareJid admin, String language)
            throws IOException {
        Map<String, String> form = form(new String(in.getInputStream().readNBytes(MAX_FORM), StandardCharsets.UTF_8));
        if (!csrf.equals(form.get("csrf"))) {
            plain(out, 403, texts.text("console.form.out.of.date"));
            return;
        }
        String name = form.getOrDefault("plugin", "");
        boolean on = Boolean.parseBoolean(form.get("enabled"));
        Optional<Bundle> bundle = services.plugins().find(name);
        LocalizedText message;
        if (bundle.isEmpty()) {
            message = texts.text("console.plugin.not.found", name);
        } else if (Plugins.ALWAYS_ON.contains(bundle.get().getSymbolicName())) {
            message = texts.text("console.plugin.always.on", name);
        } else {
            try {
                services.states().remember(bundle.get().getSymbolicName(), on);
                message = texts.text(on ? "plugin.enabled" : "plugin.disabled", name);
                LOG.info("plugin {} switched {} by {} in the admin console", name, on ? "on" : "off", admin);
            } catch (PluginSwitchException e) {
                LOG.error("plugin {} could not be switched", name, e);
                message = texts.text("console.plugin.not.switched", name, e.getMessage());
            }
        }
        html(out, language, page(message.in(language), language));
    }

    private String page(String message, String language) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        List<ConsolePage.SessionRow> online = new ArrayList<>();
        for (Session s : services.sessions().sessions()) {
            online.add(new ConsolePage.SessionRow(s.jid().map(Object::toString).orElse("?"),
                    s.remoteAddress().getAddress().getHostAddress(), s.isSecure(),
                    s.presence().map(p -> p.element().childText("show").orElse("available")).orElse(null)));
        }
        List<ConsolePage.PluginRow> rows = services.plugins().all().stream().map(b -> new ConsolePage.PluginRow(Plugins.shortName(b),
                b.getVersion().toString(), Plugins.enabled(b), !Plugins.ALWAYS_ON.contains(b.getSymbolicName()))).toList();
        return new ConsolePage(texts, language).render(new ConsolePage.Figures(services.server().domain().toString(), services.server().version(),
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()), online.size(), services.accounts().count(),
                heap.getUsed() >> 20, heap.getMax() >> 20), rows, online, csrf, message);
    }

    /** The administrator the Basic credentials name, if the password is right; empty for no or wrong credentials. */
    private Optional<EntityBareJid> authenticate(String header) {
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
        Optional<EntityBareJid> jid = Optional.ofNullable(JidCreate.entityBareFromOrNull(name + "@" + services.server().domain()));
        return jid.filter(services.administrators()::isAdministrator).filter(j -> services.accounts().checkPassword(name, decoded.substring(colon + 1)));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a broken escape: the value is left out, as if not given
                }
            }
        }
        return values;
    }

    /** A plain-text answer in English and Chinese, one per line. */
    private static void plain(HttpServletResponse out, int status, LocalizedText text) throws IOException {
        send(out, status, "text/plain; charset=utf-8", text.english() + "\n" + text.in("zh") + "\n");
    }

    private static void html(HttpServletResponse out, String language, String page) throws IOException {
        out.setHeader("Content-Language", ConsoleLanguage.htmlTag(language));
        out.setHeader("Vary", "Accept-Language");
        send(out, 200, "text/html; charset=utf-8", page);
    }

    private static void send(HttpServletResponse out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.setStatus(status);
        out.setHeader("Content-Type", type);
        out.setContentLength(bytes.length);
        OutputStream o = out.getOutputStream();
        o.write(bytes);
        o.flush();
    }
}
