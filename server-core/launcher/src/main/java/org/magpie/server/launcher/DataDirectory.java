package org.magpie.server.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder (database, keys, files, logs) is the server user's alone: created 0700, and an
 * existing one that others may enter is closed to them at start, where the file system knows POSIX
 * permissions (elsewhere, e.g. on Windows, the folder's own access rules apply).
 */
final class DataDirectory {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDirectory() {
    }

    /**
     * Creates the folder if needed and makes it 0700.
     *
     * @return the permissions it had when they were wider (for a line in the log), else null
     */
    static String secure(Path dir) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!posix) {
            return null;
        }
        Set<PosixFilePermission> was = Files.getPosixFilePermissions(dir);
        if (was.equals(OWNER_ONLY)) {
            return null;
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        return PosixFilePermissions.toString(was);
    }
}
