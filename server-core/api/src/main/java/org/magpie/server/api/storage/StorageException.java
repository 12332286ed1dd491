package org.magpie.server.api.storage;

import java.sql.SQLException;

/**
 * A database failure, unchecked: callers in a stanza's path answer it with
 * {@code internal-server-error} and log it; nothing retries it silently.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
