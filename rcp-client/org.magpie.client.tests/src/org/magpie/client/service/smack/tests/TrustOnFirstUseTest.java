package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.TrustStore;
import org.magpie.client.service.smack.internal.TofuTrustManager;
import org.magpie.client.service.smack.internal.TofuTrustManager.CertificateChangedException;

/** Trust on first use with two self-signed certificates made by the JDK's keytool. */
class TrustOnFirstUseTest {

    @TempDir
    static Path tmp;

    private static X509Certificate first;
    private static X509Certificate second;

    @BeforeAll
    static void certificates() throws Exception {
        first = selfSigned("first");
        second = selfSigned("second");
    }

    @Test
    void theFirstCertificateIsPinnedAndAnotherOneRefused() throws Exception {
        Path file = tmp.resolve("pins/known-servers.properties");
        FileTrustStore store = new FileTrustStore(file);

        new TofuTrustManager(store, "Chat.Example", 5222).checkServerTrusted(new X509Certificate[] {first}, "ECDHE_ECDSA");
        String pin = TofuTrustManager.fingerprint(first);
        assertEquals(Optional.of(pin), store.pinned("chat.example", 5222), "pinned per host (any case) and port");
        assertTrue(pin.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), pin);

        TofuTrustManager again = new TofuTrustManager(store, "chat.example", 5222);
        again.checkServerTrusted(new X509Certificate[] {first}, "ECDHE_ECDSA");

        CertificateChangedException e = assertThrows(CertificateChangedException.class,
                () -> new TofuTrustManager(store, "chat.example", 5222).checkServerTrusted(new X509Certificate[] {second}, "ECDHE_ECDSA"));
        assertEquals(pin, e.pinnedFingerprint());
        assertEquals(TofuTrustManager.fingerprint(second), e.presentedFingerprint());

        // another port is another server
        new TofuTrustManager(store, "chat.example", 5223).checkServerTrusted(new X509Certificate[] {second}, "ECDHE_ECDSA");

        // remembered across restarts of the client
        FileTrustStore reopened = new FileTrustStore(file);
        assertEquals(Optional.of(pin), reopened.pinned("chat.example", 5222));
        assertEquals(Optional.of(TofuTrustManager.fingerprint(second)), reopened.pinned("chat.example", 5223));

        // until the user accepts the new certificate
        reopened.forget("chat.example", 5222);
        new TofuTrustManager(store, "chat.example", 5222).checkServerTrusted(new X509Certificate[] {second}, "ECDHE_ECDSA");
        assertEquals(Optional.of(TofuTrustManager.fingerprint(second)), store.pinned("chat.example", 5222));
    }

    @Test
    void nothingPresentedIsRefused() {
        TofuTrustManager tm = new TofuTrustManager(new FileTrustStore(tmp.resolve("none")), "x", 1);
        assertThrows(java.security.cert.CertificateException.class, () -> tm.checkServerTrusted(new X509Certificate[0], "RSA"));
    }

    @Test
    void keysAreNormalised() {
        assertEquals("chat.example:5222", TrustStore.key(" Chat.EXAMPLE ", 5222));
        assertEquals("[::1]:5222", TrustStore.key("::1", 5222));
    }

    private static X509Certificate selfSigned(String alias) throws Exception {
        Path store = tmp.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=chat.example", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(alias);
    }
}
