package org.magpie.server.api.storage;

import java.util.List;
import java.util.Objects;

/**
 * One step of a module's schema: version numbers start at 1 and grow by one; the statements run
 * in one transaction and the step is recorded, so each runs exactly once per database.
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
