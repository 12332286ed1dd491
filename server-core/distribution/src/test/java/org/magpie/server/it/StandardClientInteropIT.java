package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standard client that is not Smack talks to the server: slixmpp (Python) registers accounts
 * with nicknames, logs in over STARTTLS with SCRAM-SHA-256, chats both ways, and goes through
 * friend requests and presence by RFC 6121 (scripts in src/test/interop). .ci/run installs
 * slixmpp; elsewhere the test is skipped when it is missing.
 */
class StandardClientInteropIT {

    @TempDir
    Path tmp;

    @Test
    void slixmppRegistersLogsInOverTlsAndChats() throws Exception {
        run("slixmpp_check.py");
    }

    @Test
    void slixmppFriendsAcceptDeferRejectAndSeeEachOtherComeAndGo() throws Exception {
        run("slixmpp_friends.py");
    }

    private void run(String scriptName) throws Exception {
        String python = pythonWithSlixmpp();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(python != null, "python3 with slixmpp is not installed");
        }
        assertTrue(python != null, "CI must have python3-slixmpp (.ci/run installs it)");
        Path script = Path.of(System.getProperty("magpie.interop.dir", "src/test/interop"), scriptName)
                .toAbsolutePath();
        try (InProcessServer server = InProcessServer.start(tmp, Map.of())) {
            Path ca = tmp.resolve("magpie-ca.pem");
            X509Certificate cert = (X509Certificate) server.trustManager().getAcceptedIssuers()[0];
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            Process p = new ProcessBuilder(python, script.toString(), Integer.toString(server.port()), ca.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "slixmpp check finished");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("INTEROP OK"), output);
        }
    }

    /** Debian's interpreter first: python3 on the PATH may be another one without Debian's packages. */
    private static String pythonWithSlixmpp() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import slixmpp").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
