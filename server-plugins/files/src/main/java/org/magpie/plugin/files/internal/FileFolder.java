package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bytes live: {@code data/files/<first two characters of the slot id>/<slot id>} and the
 * preview beside it, never a name a user chose.
 */
final class FileFolder {

    private static final Logger LOG = LoggerFactory.getLogger(FileFolder.class);

    private final Path root;

    FileFolder(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    Path root() {
        return root;
    }

    /** Where a slot's bytes are; the id must have passed {@link Ids#valid}. */
    Path path(String slotId) {
        if (!Ids.valid(slotId)) {
            throw new IllegalArgumentException("not a slot id");
        }
        Path p = root.resolve(slotId.substring(0, 2)).resolve(slotId).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("outside the files folder");
        }
        return p;
    }

    Path thumbnailPath(String slotId) {
        return path(slotId).resolveSibling(slotId + ".thumb");
    }

    /** Removes a slot's bytes and preview, whatever of them there is. */
    void removeBytes(String slotId) {
        try {
            Files.deleteIfExists(path(slotId));
            Files.deleteIfExists(thumbnailPath(slotId));
        } catch (IOException e) {
            LOG.warn("cannot remove the bytes of {}: {}", slotId, e.getMessage());
        }
    }
}
