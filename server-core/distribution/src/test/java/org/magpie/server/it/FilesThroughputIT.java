package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput of one large file over loopback, upload and download, HTTPS and plain HTTP. A
 * measurement, not a check: it runs only when asked for, since it writes several GiB to disk:
 * {@code FILES_THROUGHPUT_MIB=1024 mvn verify -pl server-core/distribution -Dit.test=FilesThroughputIT}
 * (an environment variable, since failsafe's test JVM inherits it). Figures are printed; nothing is
 * asserted about speed.
 */
class FilesThroughputIT {

    @TempDir
    Path tmp;

    @Test
    void oneLargeFileUpAndDown() throws Exception {
        String mib = System.getenv("FILES_THROUGHPUT_MIB");
        Assumptions.assumeTrue(mib != null, "a measurement: set FILES_THROUGHPUT_MIB (e.g. 1024) to run it");
        long size = Long.parseLong(mib) * 1024 * 1024;
        Path file = tmp.resolve("large.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            Random random = new Random(1);
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
                sha.update(block);
            }
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        for (boolean tls : new boolean[] {true, false}) {
            Path home = tmp.resolve(tls ? "https" : "http");
            try (InProcessServer server = InProcessServer.start(home, Map.of("files.http.tls", Boolean.toString(tls), "files.max.file.mb", Long.toString(2 * Long.parseLong(mib)),
                    "files.quota.mb", "0"))) {
                server.register("bench", FilesIT.PASSWORD, "bench");
                HttpClient http = tls ? FilesIT.client(server.sslContext())
                        : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String[] slot = FilesIT.slot(server, "bench", "large.bin", size, "application/octet-stream");

                long t0 = System.nanoTime();
                HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(slot[0])).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                assertEquals(201, up.statusCode(), up.body());
                assertEquals(hash, up.headers().firstValue("X-Magpie-Sha256").orElseThrow());

                MessageDigest down = MessageDigest.getInstance("SHA-256");
                long t2 = System.nanoTime();
                HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(URI.create(slot[1])).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = new DigestInputStream(get.body(), down)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                long t3 = System.nanoTime();
                assertEquals(hash, HexFormat.of().formatHex(down.digest()));
                System.out.printf("FILES THROUGHPUT %s %d MiB: upload %.1f s = %.0f MiB/s (incl. server SHA-256 and fsync), download %.1f s = %.0f MiB/s (client SHA-256)%n",
                        tls ? "HTTPS" : "HTTP", size >> 20, (t1 - t0) / 1e9, (size >> 20) / ((t1 - t0) / 1e9), (t3 - t2) / 1e9,
                        (size >> 20) / ((t3 - t2) / 1e9));
            }
        }
    }
}
