package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console as an administrator uses it: a password-protected page on loopback with the
 * server's figures, the plugins with switches and who is online; a switch works only with the
 * page's token; the page speaks the browser's language (Chinese or English, with a switch); and the
 * page as a real browser (Debian's Chromium, headless) draws it.
 */
class AdminConsoleIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("admin.accounts", "root"));
        port = server.boundPort(InProcessServer.CONSOLE_PORT);
        server.register("root", PASSWORD, "Root");
        server.register("user", PASSWORD, "User");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onlyAdministratorsWithTheirPasswordGetIn() throws Exception {
        assertEquals(401, get(null).statusCode());
        assertEquals(401, get(basic("root", "wrong-password1")).statusCode());
        assertEquals(401, get(basic("user", PASSWORD)).statusCode(), "a user who is not an administrator");
        HttpResponse<String> page = get(basic("root", PASSWORD));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Magpie administration"));
    }

    @Test
    void thePageShowsFiguresPluginsAndWhoIsOnlineAndSwitchesAPlugin() throws Exception {
        XMPPTCPConnection user = server.login("user", PASSWORD, "laptop");
        try {
            String page = get(basic("root", PASSWORD)).body();
            assertTrue(page.contains("user@localhost/laptop"), "online users are listed");
            assertTrue(page.contains("<td>weather</td>") && page.contains("<td>filter</td>"), "plugins are listed");
            assertTrue(page.contains("Online sessions"), "figures are shown");

            assertEquals(403, post("plugin=weather&enabled=false&csrf=forged").statusCode(), "no switching without the page's token");
            String token = token(page);
            HttpResponse<String> switched = post("plugin=weather&enabled=false&csrf=" + token);
            assertEquals(200, switched.statusCode());
            assertTrue(switched.body().contains("The plugin weather is disabled."), switched.body());
            assertTrue(user.isAuthenticated(), "the user stayed connected");
            assertTrue(post("plugin=weather&enabled=true&csrf=" + token).body().contains("The plugin weather is enabled."));
            assertTrue(post("plugin=admin&enabled=false&csrf=" + token).body().contains("stays on"));
        } finally {
            user.disconnect();
        }
    }

    @Test
    void aChineseBrowserGetsChineseLabelsAndThePageSwitchesLanguage() throws Exception {
        HttpResponse<String> zh = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Authorization", basic("root", PASSWORD)).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, zh.statusCode());
        assertEquals("zh-CN", zh.headers().firstValue("Content-Language").orElseThrow());
        assertTrue(zh.body().contains("<html lang=\"zh-CN\">") && zh.body().contains("<title>Magpie 管理</title>")
                && zh.body().contains("在线会话") && zh.body().contains("<th>插件</th>"), zh.body());
        assertFalse(zh.body().contains("Online sessions"), "no English label left");

        HttpResponse<String> en = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?lang=en"))
                .header("Authorization", basic("root", PASSWORD)).header("Accept-Language", "zh-CN").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(en.body().contains("<html lang=\"en\">") && en.body().contains("Online sessions"), "the page's switch wins");

        HttpResponse<String> switched = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/plugins?lang=zh"))
                .header("Authorization", basic("root", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("plugin=admin&enabled=false&csrf=" + token(zh.body()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(switched.body().contains("插件 admin 运行管理功能，始终开启。"), "the notice in the page's language: " + switched.body());
    }

    /** What Chromium itself sends when its user reads Chinese: the page it shows has Chinese labels. */
    @Test
    void aRealChineseBrowserShowsChineseLabels() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(chromium), "Chromium is not installed");
        }
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--accept-lang=zh-CN", "--dump-dom", "http://root:" + PASSWORD + "@127.0.0.1:" + port + "/")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium finished"); // the page is far below a pipe's buffer
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dom.contains("lang=\"zh-CN\"") && dom.contains("在线会话") && dom.contains("服务器"), dom);
    }

    /** Debian's Chromium draws the page; the screenshot goes to target/ for a look (and docs/ when good). */
    @Test
    void aRealBrowserShowsThePage() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(chromium), "Chromium is not installed");
        }
        XMPPTCPConnection user = server.login("user", PASSWORD, "laptop");
        try {
            Path shot = Path.of("target", "admin-console.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1200,760", "--screenshot=" + shot,
                    "http://root:" + PASSWORD + "@127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium finished");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(Files.size(shot) > 10_000, "a screenshot was written: " + output);
        } finally {
            user.disconnect();
        }
    }

    private static String token(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(page);
        assertTrue(m.find(), "the page has a token");
        return m.group(1);
    }

    private static HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/plugins"))
                .header("Authorization", basic("root", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
