package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console against a stranger: requests without credentials lock nobody out, wrong
 * passwords sent all at once are all counted, and the console does not open beyond loopback without
 * TLS. Each test comes from its own loopback address (127.0.0.0/8), as failures count per address.
 */
class AdminConsoleSafetyIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp.resolve("loopback"), Map.of("admin.accounts", "root"));
        port = server.boundPort(InProcessServer.CONSOLE_PORT);
        server.register("root", PASSWORD, "Root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsWithoutCredentialsAreNoFailedLogins() throws Exception {
        HttpClient browser = client("127.0.0.21");
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = get(browser, null);
            assertEquals(401, r.statusCode(), "asked to log in, never refused: " + r.body());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
        }
        assertEquals(200, get(browser, basic("root", PASSWORD)).statusCode(), "the administrator still gets in");
    }

    @Test
    void wrongPasswordsSentAllAtOnceAreAllCounted() throws Exception {
        HttpClient attacker = client("127.0.0.22");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String password = "wrong-" + i;
                Callable<Integer> attempt = () -> get(attacker, basic("root", password)).statusCode();
                tries.add(pool.submit(attempt));
            }
            for (Future<Integer> t : tries) {
                assertEquals(401, t.get());
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> locked = get(attacker, basic("root", PASSWORD));
        assertEquals(429, locked.statusCode(), "ten failures from this address: refused before the password is checked");
        assertTrue(locked.body().contains("Too many failed logins") && locked.body().contains("登录失败次数过多"), locked.body());
        assertEquals(200, get(client("127.0.0.23"), basic("root", PASSWORD)).statusCode(), "other addresses are not locked out");
    }

    @Test
    void theConsoleDoesNotListenBeyondLoopbackWithoutTls() throws Exception {
        try (InProcessServer exposed = InProcessServer.start(tmp.resolve("exposed"),
                Map.of("admin.accounts", "root", "console.address", "0.0.0.0", "console.port", "0"))) {
            Path log = exposed.home().resolve("data/logs/magpie0.log");
            InProcessServer.eventually(Duration.ofSeconds(30), () -> Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains("admin console not started: console.address=0.0.0.0 is not "
                            + "a loopback address and console.tls=false"));
            assertTrue(InProcessServer.boundPort(exposed.home(), InProcessServer.CLIENT_PORT).isPresent());
            assertEquals(OptionalInt.empty(), InProcessServer.boundPort(exposed.home(), InProcessServer.CONSOLE_PORT),
                    "the console opened no port at all");
            assertEquals(null, exposed.context().getServiceReferences((String) null, "(org.apache.felix.http.name=magpie-console)"),
                    "no HTTP server was started for it either");
        }
    }

    @Test
    void withTlsTheConsoleIsHttpsAndStoppingTheAdminPluginClosesIt() throws Exception {
        try (InProcessServer tls = InProcessServer.start(tmp.resolve("tls"), Map.of("admin.accounts", "root", "console.tls", "true"))) {
            int secure = tls.boundPort(InProcessServer.CONSOLE_PORT);
            tls.register("root", PASSWORD, "Root");
            HttpClient https = HttpClient.newBuilder().sslContext(tls.sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
            URI page = URI.create("https://localhost:" + secure + "/");
            assertEquals(401, https.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> in = https.send(HttpRequest.newBuilder(page).header("Authorization", basic("root", PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode());
            assertTrue(in.body().contains("Magpie administration"));

            org.osgi.framework.Bundle admin = tls.bundle("org.magpie.plugin.admin");
            admin.stop(org.osgi.framework.Bundle.STOP_TRANSIENT);
            try {
                // closed, and no longer listed as open
                InProcessServer.eventually(Duration.ofSeconds(20), () -> !listening(secure)
                        && InProcessServer.boundPort(tls.home(), InProcessServer.CONSOLE_PORT).isEmpty());
            } finally {
                admin.start(org.osgi.framework.Bundle.START_TRANSIENT);
            }
            // started again on a free port, maybe another one: the ports file names it
            InProcessServer.eventually(Duration.ofSeconds(30), () -> InProcessServer.boundPort(tls.home(), InProcessServer.CONSOLE_PORT)
                    .stream().anyMatch(AdminConsoleSafetyIT::listening));
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpClient client(String localAddress) throws IOException {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
