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
 * A standard client that is not Smack uploads and another downloads: slixmpp finds upload.localhost,
 * uploads over HTTPS with its XEP-0363 helper, sends the URL (XEP-0066) to a second slixmpp client,
 * which downloads and checks the bytes and the SHA-256. slixmpp's upload helper needs aiohttp
 * (Debian's python3-aiohttp, which python3-slixmpp only recommends); without it the test is skipped.
 */
class FilesInteropIT {

    @TempDir
    Path tmp;

    @Test
    void slixmppUploadsAndAnotherSlixmppDownloads() throws Exception {
        String python = python();
        Assumptions.assumeTrue(python != null, "python3 with slixmpp and aiohttp is not installed");
        Path script = Path.of(System.getProperty("magpie.interop.dir", "src/test/interop"), "slixmpp_files.py").toAbsolutePath();
        try (InProcessServer server = InProcessServer.start(tmp, Map.of())) {
            server.register("sender", "senderpass1", "Sender");
            server.register("receiver", "receiverpass1", "Receiver");
            Path ca = tmp.resolve("magpie-ca.pem");
            X509Certificate cert = (X509Certificate) server.trustManager().getAcceptedIssuers()[0];
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), Integer.toString(server.port()), ca.toString(),
                    "sender", "senderpass1", "receiver", "receiverpass1").redirectErrorStream(true);
            pb.environment().put("SSL_CERT_FILE", ca.toString()); // slixmpp's HTTP client trusts the server's certificate
            Process p = pb.start();
            try {
                assertTrue(p.waitFor(90, TimeUnit.SECONDS), "slixmpp check finished");
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), output);
                assertTrue(output.contains("INTEROP OK"), output);
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Debian's interpreter first: python3 on the PATH may be another one without Debian's packages. */
    private static String python() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import slixmpp, aiohttp").redirectErrorStream(true).start();
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
