package org.magpie.server.storage.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.storage.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in {@value #TABLE} which migration steps each module has applied (module, version,
 * description, when) and applies the missing ones.
 *
 * <p>Each step runs in its own transaction together with its record, so a step is either applied
 * and recorded or neither; Derby's DDL is transactional, so a failed {@code CREATE TABLE} is rolled
 * back too. Earlier steps stay applied, and the next start resumes at the failed step.
 *
 * <p>One instance serves one database. Callers are serialised twice: a lock in this JVM (so several
 * bundles starting at once wait for each other instead of running into Derby's lock timeout), and an
 * exclusive table lock inside each step's transaction plus the primary key on (module, version),
 * so that even a second writer on the same database could not apply a step twice.
 */
final class DerbySchemaMigrations implements SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(DerbySchemaMigrations.class);
    private static final Texts TEXTS = Texts.of(DerbySchemaMigrations.class);

    static final String TABLE = "magpie_schema_version";
    static final int MAX_MODULE = 128;
    static final int MAX_DESCRIPTION = 1000;

    private static final String TABLE_EXISTS = "X0Y32";
    private static final String TABLE_MISSING = "42X05";
    /** SQLState of the refusal to work on a schema newer than the build (class 55: object not in prerequisite state). */
    static final String NEWER_SCHEMA = "55M01";

    private final DataSource dataSource;
    private final Clock clock;
    /** Fair, so bundles migrate in the order they asked. */
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean tableReady;

    DerbySchemaMigrations(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    DerbySchemaMigrations(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the module name is empty or too long, or the versions are
     *         not exactly 1..n (a gap or a duplicate is a programming error in the calling module)
     * @throws SQLException when a step fails; its message names the module, step and statement, its
     *         SQLState is the failing statement's
     */
    @Override
    public int migrate(String module, List<Migration> migrations) throws SQLException {
        checkModule(module);
        List<Migration> steps = ordered(module, migrations);
        lock.lock();
        try (Connection c = dataSource.getConnection()) {
            ensureTable(c);
            int current = recorded(c, module);
            if (current > steps.size()) {
                // a newer build ran on this database: this one would misread or damage its tables
                // both languages: it ends up in the log and in the launcher's error, read by whoever runs it
                LocalizedText text = TEXTS.text("schema.newer", module, String.valueOf(current), String.valueOf(steps.size()));
                String message = text.english() + " / " + text.in("zh");
                LOG.error(message);
                throw new SQLException(message, NEWER_SCHEMA);
            }
            c.setAutoCommit(false);
            try {
                for (Migration step : steps.subList(current, steps.size())) {
                    apply(c, module, step);
                    current = step.version();
                }
            } finally {
                c.setAutoCommit(true);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int version(String module) throws SQLException {
        checkModule(module);
        try (Connection c = dataSource.getConnection()) {
            return recorded(c, module);
        } catch (SQLException e) {
            if (TABLE_MISSING.equals(e.getSQLState())) {
                return 0; // nothing migrated in this database yet
            }
            throw e;
        }
    }

    private void apply(Connection c, String module, Migration step) throws SQLException {
        String phase = "while locking " + TABLE;
        try {
            try (Statement s = c.createStatement()) {
                // held until commit: nobody else can record a step meanwhile
                s.execute("LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE");
            }
            if (recorded(c, module) >= step.version()) {
                c.commit(); // another writer got here first
                return;
            }
            try (Statement s = c.createStatement()) {
                List<String> statements = step.statements();
                for (int i = 0; i < statements.size(); i++) {
                    phase = "at statement " + (i + 1) + " of " + statements.size();
                    s.execute(statements.get(i));
                }
            }
            phase = "while recording it";
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (module, version, description, applied) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, module);
                ps.setInt(2, step.version());
                ps.setString(3, truncate(step.description()));
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            phase = "while committing";
            c.commit();
        } catch (SQLException e) {
            rollback(c, e);
            String message = "module " + module + ": migration " + step.version() + " (" + step.description()
                    + ") failed " + phase + " and was rolled back: " + e.getMessage();
            LOG.error(message);
            throw new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
        }
        LOG.info("module {}: applied migration {} ({})", module, step.version(), step.description());
    }

    /** Creates the bookkeeping table once per database (under the lock, so only one thread tries). */
    private void ensureTable(Connection c) throws SQLException {
        if (tableReady) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " ("
                    + "module VARCHAR(" + MAX_MODULE + ") NOT NULL, "
                    + "version INT NOT NULL, "
                    + "description VARCHAR(" + MAX_DESCRIPTION + ") NOT NULL, "
                    + "applied TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (module, version))");
            LOG.info("created table {}", TABLE);
        } catch (SQLException e) {
            if (!TABLE_EXISTS.equals(e.getSQLState())) {
                throw e;
            }
        }
        tableReady = true;
    }

    private static int recorded(Connection c, String module) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM " + TABLE + " WHERE module = ?")) {
            ps.setString(1, module);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0; // MAX of no rows is NULL, which getInt reads as 0
            }
        }
    }

    /** The steps sorted by version, checked to be exactly 1..n. */
    static List<Migration> ordered(String module, List<Migration> migrations) {
        Objects.requireNonNull(migrations, "migrations");
        List<Migration> steps = new ArrayList<>(migrations);
        steps.forEach(m -> Objects.requireNonNull(m, "migration"));
        steps.sort(Comparator.comparingInt(Migration::version));
        for (int i = 0; i < steps.size(); i++) {
            int v = steps.get(i).version();
            if (v != i + 1) {
                String problem = v == i ? "version " + v + " appears twice" : "version " + (i + 1) + " is missing";
                throw new IllegalArgumentException("module " + module + ": migrations must be numbered 1.."
                        + steps.size() + " without gaps, but " + problem);
            }
        }
        return steps;
    }

    private static void checkModule(String module) {
        if (module == null || module.isBlank() || module.length() > MAX_MODULE) {
            throw new IllegalArgumentException("module name must be 1.." + MAX_MODULE + " characters: " + module);
        }
    }

    private static String truncate(String description) {
        return description.length() <= MAX_DESCRIPTION ? description : description.substring(0, MAX_DESCRIPTION);
    }

    private static void rollback(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
