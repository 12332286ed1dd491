package org.magpie.server.core.sasl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.magpie.server.core.tls.PrivateFiles;

/**
 * The secret behind unknown users' decoy salts, kept in the data folder: a SCRAM exchange for a
 * name without an account must look the same before and after a restart as one for an account.
 */
public final class DecoySecret {

    private static final int LENGTH = 32;

    private DecoySecret() {
    }

    /** Reads the secret, or makes one (owner-only, written in one step) when there is none or it is damaged. */
    public static byte[] load(Path file) throws IOException {
        PrivateFiles.deleteLeftovers(file);
        if (Files.isRegularFile(file)) {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length == LENGTH) {
                return secret;
            }
        }
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        PrivateFiles.writeAtomically(file, secret);
        return secret;
    }
}
