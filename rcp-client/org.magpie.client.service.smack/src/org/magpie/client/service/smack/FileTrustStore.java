package org.magpie.client.service.smack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link TrustStore} in a small properties file ({@code host:port = SHA-256 fingerprint}), read
 * on every look-up (so several client windows see each other's pins) and replaced atomically on
 * every change. Thread-safe within one JVM.
 *
 * <p>The default file lies in the user's configuration area, see {@link #defaultFile()}.
 */
public final class FileTrustStore implements TrustStore {

    /** System (or framework) property naming the file instead of the default. */
    public static final String FILE_PROPERTY = "magpie.client.trust.file";
    static final String FILE_NAME = "known-servers.properties";

    private final Path file;

    public FileTrustStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> pinned(String host, int port) {
        return Optional.ofNullable(load().getProperty(TrustStore.key(host, port)));
    }

    @Override
    public synchronized String pinIfAbsent(String host, int port, String fingerprint) {
        Properties p = load();
        String key = TrustStore.key(host, port);
        String known = p.getProperty(key);
        if (known != null) {
            return known;
        }
        p.setProperty(key, fingerprint);
        store(p);
        return fingerprint;
    }

    @Override
    public synchronized void forget(String host, int port) {
        Properties p = load();
        if (p.remove(TrustStore.key(host, port)) != null) {
            store(p);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // nothing pinned yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    private void store(Properties p) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.store(out, "Magpie: SHA-256 fingerprints of server certificates seen on first connection (host:port)");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The file in the user's configuration area: the {@value #FILE_PROPERTY} system property if set;
     * else {@code %APPDATA%\Magpie\} on Windows, {@code ~/Library/Application Support/Magpie/} on
     * macOS, {@code $XDG_CONFIG_HOME/magpie/} (default {@code ~/.config/magpie/}) elsewhere; the file
     * is {@value #FILE_NAME}.
     */
    public static Path defaultFile() {
        return defaultFile(System.getProperty(FILE_PROPERTY));
    }

    /** As {@link #defaultFile()}, with an explicit file (null or blank: the default place). */
    public static Path defaultFile(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        Path dir;
        if (os.startsWith("windows")) {
            String appData = System.getenv("APPDATA");
            dir = (appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData/Roaming")).resolve("Magpie");
        } else if (os.startsWith("mac")) {
            dir = home.resolve("Library/Application Support/Magpie");
        } else {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("magpie");
        }
        return dir.resolve(FILE_NAME);
    }
}
