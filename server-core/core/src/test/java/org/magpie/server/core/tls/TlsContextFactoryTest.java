package org.magpie.server.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.tls.ServerTls;

/** The generated key store: private, written in one step, made anew when a crash left it unreadable. */
class TlsContextFactoryTest {

    private static final String DOMAIN = "example.test";

    @TempDir
    Path data;

    private Path tls() {
        return data.resolve("tls");
    }

    private Certificate certificate() throws Exception {
        char[] pass = Files.readString(tls().resolve("magpie.p12.pass"), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls().resolve("magpie.p12"))) {
            ks.load(in, pass);
        }
        return ks.getCertificate("magpie");
    }

    @Test
    void theGeneratedKeyIsTheServerUsersAloneAndNoTemporaryFileIsLeft() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertNotNull(TlsContextFactory.create("", "", data, DOMAIN));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve("magpie.p12"))));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve("magpie.p12.pass"))));
        try (Stream<Path> files = Files.list(tls())) {
            assertEquals(2, files.count(), "only the key store and its password");
        }
    }

    @Test
    void theKeyStoreFileHandedToHttpsPortsIsTheGeneratedOneWithItsPassword() throws Exception {
        ServerTls.KeyStoreFile keyStore = TlsContextFactory.create("", "", data, DOMAIN).keyStore();
        assertEquals(tls().resolve("magpie.p12").toAbsolutePath(), keyStore.file());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore.file())) {
            ks.load(in, keyStore.password().toCharArray());
        }
        assertEquals(certificate(), ks.getCertificate("magpie"), "the certificate the XMPP port shows");
        assertFalse(keyStore.toString().contains(keyStore.password()), "the password stays out of logs");
    }

    @Test
    void aSecondStartKeepsTheCertificate() throws Exception {
        TlsContextFactory.create("", "", data, DOMAIN);
        Certificate first = certificate();
        TlsContextFactory.create(null, null, data, DOMAIN);
        assertEquals(first, certificate());
        assertFalse(Files.exists(tls().resolve("magpie.p12.unreadable")));
    }

    @Test
    void anEmptyKeyStoreLeftByACrashIsPutAsideAndMadeAnew() throws Exception {
        Files.createDirectories(tls());
        Files.write(tls().resolve("magpie.p12"), new byte[0]); // the crash came before the first byte
        assertNotNull(TlsContextFactory.create("", "", data, DOMAIN));
        assertNotNull(certificate());
        assertEquals(0, Files.size(tls().resolve("magpie.p12.unreadable")), "the broken file is kept to look at");
    }

    @Test
    void aTruncatedKeyStoreIsMadeAnew() throws Exception {
        TlsContextFactory.create("", "", data, DOMAIN);
        Certificate first = certificate();
        byte[] whole = Files.readAllBytes(tls().resolve("magpie.p12"));
        Files.write(tls().resolve("magpie.p12"), Arrays.copyOf(whole, whole.length / 2));
        assertNotNull(TlsContextFactory.create("", "", data, DOMAIN));
        assertFalse(first.equals(certificate()), "a new certificate");
    }

    @Test
    void aKeyStoreWhosePasswordFileIsMissingOrNewerIsMadeAnew() throws Exception {
        TlsContextFactory.create("", "", data, DOMAIN);
        Files.writeString(tls().resolve("magpie.p12.pass"), "a-password-of-another-generation");
        assertNotNull(TlsContextFactory.create("", "", data, DOMAIN));
        assertNotNull(certificate());
        Files.delete(tls().resolve("magpie.p12.pass"));
        assertNotNull(TlsContextFactory.create("", "", data, DOMAIN));
        assertNotNull(certificate());
    }

    @Test
    void temporaryFilesOfAnInterruptedWriteAreDeleted() throws Exception {
        Files.createDirectories(tls());
        Path leftover = tls().resolve("magpie.p12.4711.tmp");
        Files.write(leftover, new byte[] {1, 2, 3});
        TlsContextFactory.create("", "", data, DOMAIN);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void anAtomicWriteReplacesTheWholeFile() throws Exception {
        Path file = data.resolve("file");
        Files.write(file, new byte[1000]);
        PrivateFiles.writeAtomically(file, new byte[] {7});
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aKeyStoreTheAdministratorConfiguredIsNeverReplaced() throws Exception {
        Path configured = data.resolve("company.p12");
        Files.write(configured, new byte[0]);
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> TlsContextFactory.create(configured.toString(), "secret", data, DOMAIN));
        assertTrue(e.getMessage().contains("server.tls.keystore"), e.getMessage());
        assertEquals(0, Files.size(configured));
        assertFalse(Files.exists(tls().resolve("magpie.p12")));
    }
}
