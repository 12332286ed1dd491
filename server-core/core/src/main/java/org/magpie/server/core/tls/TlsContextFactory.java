package org.magpie.server.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: from a configured PKCS#12 keystore, or from a self-signed
 * certificate for the domain that is generated on first start and kept under data/tls.
 */
public final class TlsContextFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);
    private static final String ALIAS = "magpie";

    private TlsContextFactory() {
    }

    public static SSLContext create(String keystore, String password, Path dataDir, String domain)
            throws IOException, GeneralSecurityException {
        Path file;
        char[] pass;
        if (keystore == null || keystore.isBlank()) {
            Path dir = dataDir.resolve("tls");
            file = dir.resolve("magpie.p12");
            Path passFile = dir.resolve("magpie.p12.pass");
            if (!Files.exists(file)) {
                generate(dir, file, passFile, domain);
            }
            pass = Files.readString(passFile, StandardCharsets.UTF_8).strip().toCharArray();
        } else {
            file = Path.of(keystore);
            pass = password.toCharArray();
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    private static void generate(Path dir, Path file, Path passFile, String domain)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        char[] pass = HexFormat.of().formatHex(secret).toCharArray();

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, random);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + domain + ", O=Magpie");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), pass, new X509Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, pass);
        }
        Files.writeString(passFile, new String(pass), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(passFile, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's own permissions apply
        }
        LOG.info("generated a self-signed certificate for {} in {}", domain, file);
    }
}
