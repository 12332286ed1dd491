package org.magpie.server.api.storage;

import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Brings a module's tables up to date. Each module (the core, each plugin) owns its tables and
 * its list of migrations, identified by a module name such as {@code core} or {@code roster}.
 * Provided by the storage bundle next to the {@code javax.sql.DataSource} service.
 */
@ProviderType
public interface SchemaMigrations {

    /**
     * Applies, in order, the migrations newer than the module's recorded version. Safe to call on
     * every start and from several bundles at once.
     *
     * @return the module's schema version afterwards
     * @throws SQLException when a step fails (that step is rolled back, earlier ones stay), or when the
     *         database records a newer version for the module than {@code migrations} reach (a newer build
     *         used it): then nothing is touched and the message names the module and both versions
     */
    int migrate(String module, List<Migration> migrations) throws SQLException;

    /** The module's recorded schema version, 0 when it has none. */
    int version(String module) throws SQLException;
}
