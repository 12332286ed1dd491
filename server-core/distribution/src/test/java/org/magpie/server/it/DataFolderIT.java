package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server's data folder: the server user's alone (0700, the generated key and its
 * password 0600), and a start after a crash in the middle of making the certificate (an empty key
 * store left in data/tls) recovers: it makes a new certificate and clients log in over TLS.
 */
class DataFolderIT {

    @TempDir
    Path tmp;

    private InProcessServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aStartAfterACrashWhileTheCertificateWasMadeRecoversAndTheDataStaysPrivate() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        server = InProcessServer.start(tmp, Map.of(), home -> {
            Path tls = Files.createDirectories(home.resolve("data/tls"));
            Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.write(tls.resolve("magpie.p12"), new byte[0]); // the crash came before the first byte
        });
        server.register("alice", "secret123", "Alice");
        XMPPTCPConnection alice = server.login("alice", "secret123", "desk");
        try {
            assertTrue(alice.isSecureConnection(), "TLS with the new certificate");
            assertTrue(alice.isAuthenticated());
        } finally {
            alice.disconnect();
        }
        Path data = server.home().resolve("data");
        assertEquals("rwx------", permissions(data));
        assertEquals("rwx------", permissions(data.resolve("tls")));
        assertEquals("rw-------", permissions(data.resolve("tls/magpie.p12")));
        assertEquals("rw-------", permissions(data.resolve("tls/magpie.p12.pass")));
        assertTrue(Files.exists(data.resolve("tls/magpie.p12.unreadable")), "the broken key store is kept to look at");
    }
}
