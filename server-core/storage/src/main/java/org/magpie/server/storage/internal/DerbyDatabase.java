package org.magpie.server.storage.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Derby database in a directory: booted (and created if missing) on construction,
 * shut down by {@link #close()}. Goes through Derby's data source classes directly, never through
 * {@link java.sql.DriverManager}, whose caller-class-loader checks do not fit OSGi.
 *
 * <p>The connections are pooled by HikariCP, at most {@link PoolSettings#size()} at once. Every
 * connection comes back as the previous borrower would not have left it: an unfinished transaction
 * rolled back, and auto-commit, isolation, read-only and schema (when changed through JDBC) reset.
 */
final class DerbyDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DerbyDatabase.class);

    /** SQLState of a successful single-database shutdown. */
    static final String DATABASE_SHUT_DOWN = "08006";
    /** SQLState of a successful shutdown of the whole engine. */
    static final String ENGINE_SHUT_DOWN = "XJ015";

    /** Names the pool's threads and its log lines. */
    static final String POOL_NAME = "magpie-storage";
    /** Derby's schema of a connection without a user name; HikariCP resets a changed schema to it. */
    private static final String DEFAULT_SCHEMA = "APP";

    private final String path;
    private final HikariDataSource pool;

    /**
     * @param directory where the database lives (created if it does not exist)
     * @param settings  the pool's limits
     * @throws SQLException when the database cannot be booted, e.g. another process has it open
     */
    DerbyDatabase(Path directory, PoolSettings settings) throws SQLException {
        this.path = directory.toAbsolutePath().toString();
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(path);
        // Boot now, so a broken or locked database fails activation rather than the first plugin query.
        derby.setCreateDatabase("create");
        try (Connection c = derby.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            LOG.info("{} {} ready at {}", meta.getDatabaseProductName(), meta.getDatabaseProductVersion(), path);
        }
        // Later connections attach to the booted database; "create" would only add a warning to each.
        derby.setCreateDatabase(null);
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDataSource(derby);
        config.setSchema(DEFAULT_SCHEMA);
        config.setMaximumPoolSize(settings.size());
        config.setConnectionTimeout(settings.timeout().toMillis());
        this.pool = new HikariDataSource(config);
    }

    /** The data source handed to the rest of the server. */
    DataSource dataSource() {
        return pool;
    }

    /** New limits take effect at once: the open connections stay (extra ones close as they come back). */
    void resize(PoolSettings settings) {
        HikariConfigMXBean live = pool.getHikariConfigMXBean();
        live.setMaximumPoolSize(settings.size());
        live.setMinimumIdle(settings.size()); // a fixed-size pool, as HikariCP recommends
        live.setConnectionTimeout(settings.timeout().toMillis());
    }

    String path() {
        return path;
    }

    /**
     * Closes the pool (its connections and threads) and then shuts the database down
     * (checkpointed, files closed): in this order, so no pooled connection outlives the database.
     */
    @Override
    public void close() {
        pool.close();
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(path);
        shutdown.setShutdownDatabase("shutdown");
        expectShutdown(shutdown, DATABASE_SHUT_DOWN, "database " + path);
    }

    /**
     * Shuts the whole Derby engine down: stops its background threads and deregisters its driver, so
     * nothing keeps this bundle's class loader alive after the bundle stops. The next connection
     * boots the engine again.
     */
    static void shutdownEngine() {
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setShutdownDatabase("shutdown"); // no database name: the URL is jdbc:derby:;shutdown=true
        expectShutdown(shutdown, ENGINE_SHUT_DOWN, "Derby engine");
    }

    private static void expectShutdown(EmbeddedDataSource shutdown, String expectedState, String what) {
        try {
            shutdown.getConnection().close();
            LOG.warn("{}: shutdown request returned a connection instead of shutting down", what);
        } catch (SQLException e) {
            if (expectedState.equals(e.getSQLState())) {
                LOG.info("{} shut down", what);
            } else {
                LOG.warn("{}: shutdown failed: {} (SQLState {})", what, e.getMessage(), e.getSQLState());
            }
        }
    }
}
