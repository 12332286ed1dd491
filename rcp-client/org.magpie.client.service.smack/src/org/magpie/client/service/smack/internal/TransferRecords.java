package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Unfinished transfers, one properties file each ({@code <id>.transfer}) in a folder, written
 * atomically, so that a transfer survives a restart of the client. The folder is private (see
 * {@link PrivateFolders}).
 */
public final class TransferRecords {

    private static final Logger LOG = Logger.getLogger(TransferRecords.class.getName());
    private static final String SUFFIX = ".transfer";

    private final Path dir;

    public TransferRecords(Path dir) {
        this.dir = dir;
    }

    public synchronized void save(String id, Properties p) {
        try {
            PrivateFolders.create(dir); // names of files and conversations: this user's alone
            Path tmp = dir.resolve(id + SUFFIX + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Magpie: an unfinished file transfer");
            }
            try {
                Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException notAtomic) {
                Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the transfer goes on; only a restart of the client would forget it
            LOG.log(Level.WARNING, "Cannot remember the transfer " + id + " in " + dir, e);
        }
    }

    public synchronized void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized List<Properties> all() {
        List<Properties> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                    result.add(p);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "Skipping the unreadable transfer record " + f, e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list the transfers in " + dir, e);
        }
        return result;
    }

    private Path file(String id) {
        if (!id.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("Not a transfer id: " + id);
        }
        return dir.resolve(id + SUFFIX);
    }
}
