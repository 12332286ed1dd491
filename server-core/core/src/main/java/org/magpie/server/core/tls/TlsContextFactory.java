package org.magpie.server.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
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
import org.magpie.server.api.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS material: from a configured PKCS#12 keystore, or from a self-signed
 * certificate for the domain that is generated on first start and kept under data/tls. The XMPP
 * port and every plugin's HTTPS port get it as one {@link ServerTls}, so they show the same
 * certificate.
 * <p>
 * The generated key store and its password file are the server user's alone (folder 0700, files
 * 0600) and each is replaced in one step ({@link PrivateFiles#writeAtomically}), the password
 * first: a crash while the certificate is made leaves no key store, or the old one, never half of
 * one. A generated key store that still cannot be read (cut short by an older version, emptied by
 * a full disk, its password file lost) is put aside as {@code magpie.p12.unreadable} and made anew
 * with a warning; clients are then asked to accept the new certificate. A key store the
 * administrator configured ({@code server.tls.keystore}) is never replaced: it fails the start with
 * a message that names the setting.
 */
public final class TlsContextFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);
    private static final String ALIAS = "magpie";
    /** The generated key store in data/tls and its password. */
    static final String KEYSTORE = "magpie.p12";
    static final String PASSWORD = "magpie.p12.pass";
    static final String UNREADABLE = "magpie.p12.unreadable";

    private TlsContextFactory() {
    }

    public static ServerTls create(String keystore, String password, Path dataDir, String domain)
            throws IOException, GeneralSecurityException {
        KeyStore ks;
        char[] pass;
        Path file;
        if (keystore == null || keystore.isBlank()) {
            Path dir = PrivateFiles.directory(dataDir.resolve("tls"));
            pass = generated(dir, domain);
            file = dir.resolve(KEYSTORE);
            ks = load(file, pass);
        } else {
            file = Path.of(keystore);
            pass = password == null ? new char[0] : password.toCharArray();
            try {
                ks = load(file, pass);
            } catch (IOException | GeneralSecurityException e) {
                throw new GeneralSecurityException("cannot read the key store of server.tls.keystore=" + file
                        + " (is it a PKCS#12 file, and server.tls.keystore.password its password?): " + e.getMessage(), e);
            }
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return new Loaded(context, new ServerTls.KeyStoreFile(file.toAbsolutePath(), new String(pass)));
    }

    private record Loaded(SSLContext context, ServerTls.KeyStoreFile keyStore) implements ServerTls {
    }

    /**
     * The password of the generated key store in {@code dir}, made first when there is none or the
     * one there cannot be read.
     */
    static char[] generated(Path dir, String domain) throws IOException, GeneralSecurityException {
        Path file = dir.resolve(KEYSTORE);
        Path passFile = dir.resolve(PASSWORD);
        PrivateFiles.deleteLeftovers(file);
        PrivateFiles.deleteLeftovers(passFile);
        if (Files.exists(file)) {
            try {
                char[] pass = Files.readString(passFile, StandardCharsets.UTF_8).strip().toCharArray();
                load(file, pass);
                PrivateFiles.restrict(file);
                PrivateFiles.restrict(passFile);
                return pass;
            } catch (IOException | GeneralSecurityException e) {
                Path aside = dir.resolve(UNREADABLE);
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("the generated key store {} cannot be read ({}), probably cut short by a crash while it was "
                        + "written: it was moved to {} and a new self-signed certificate is made; clients will be "
                        + "asked to accept it", file, e.toString(), aside);
            }
        }
        return generate(file, passFile, domain);
    }

    private static KeyStore load(Path file, char[] pass) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, pass);
        }
        if (ks.size() == 0) {
            throw new KeyStoreException("the key store holds no key");
        }
        return ks;
    }

    private static char[] generate(Path file, Path passFile, String domain)
            throws IOException, GeneralSecurityException {
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
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ks.store(encoded, pass);
        // the password first: a key store on disk always has its password beside it
        PrivateFiles.writeAtomically(passFile, new String(pass).getBytes(StandardCharsets.UTF_8));
        PrivateFiles.writeAtomically(file, encoded.toByteArray());
        LOG.info("generated a self-signed certificate for {} in {}", domain, file);
        return pass;
    }
}
