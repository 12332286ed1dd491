package org.magpie.server.core.sasl;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The secret behind unknown users' decoy salts, kept in the data folder: a SCRAM exchange for a
 * name without an account must look the same before and after a restart as one for an account.
 */
public final class DecoySecret {

    private static final int LENGTH = 32;

    private DecoySecret() {
    }

    /** Reads the secret, or makes one (owner-only file, written in one step) when there is none or it is damaged. */
    public static byte[] load(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length == LENGTH) {
                return secret;
            }
        }
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".decoy", ".tmp");
        try {
            restrict(tmp);
            Files.write(tmp, secret);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return secret;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions apply
        }
    }
}
