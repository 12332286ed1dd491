package org.magpie.server.storage.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.PooledConnection;

/**
 * A {@link DataSource} that keeps a few physical Derby connections for reuse.
 *
 * <p>Derby's own {@link ConnectionPoolDataSource} does the delicate part: every logical connection
 * it hands out starts clean (the previous borrower's transaction rolled back, auto-commit on,
 * default isolation, read-only and holdability, current schema and temporary tables reset), so a
 * plugin cannot see what another left behind. This class only keeps the idle physical connections.
 *
 * <p>It never blocks: when no idle connection is available a new one is opened, and only the number
 * kept idle is bounded. So a caller that holds two connections at once cannot starve itself, and
 * a leaked connection costs one connection, not the pool.
 */
final class PooledDataSource implements DataSource, AutoCloseable {

    private final ConnectionPoolDataSource source;
    private final DataSource unpooled;
    private final ConnectionEventListener listener = new Listener();

    private final Object lock = new Object();
    /** Most recently returned first: the warmest connection is reused, the others age out on shrink. */
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private int maxIdle;
    private boolean closed;

    /**
     * @param source   hands out the physical connections
     * @param unpooled answers what a pool has no business with (user/password connections, log writer)
     * @param maxIdle  how many idle connections to keep; 0 keeps none
     */
    PooledDataSource(ConnectionPoolDataSource source, DataSource unpooled, int maxIdle) {
        this.source = source;
        this.unpooled = unpooled;
        this.maxIdle = Math.max(0, maxIdle);
    }

    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            PooledConnection pc;
            synchronized (lock) {
                if (closed) {
                    throw new SQLException("The database has been shut down.", "08003");
                }
                pc = idle.pollFirst();
            }
            if (pc == null) {
                PooledConnection fresh = source.getPooledConnection();
                fresh.addConnectionEventListener(listener);
                try {
                    return fresh.getConnection();
                } catch (SQLException e) {
                    discard(fresh);
                    throw e;
                }
            }
            try {
                return pc.getConnection();
            } catch (SQLException e) {
                // went stale while idle; drop it and try the next one (or a fresh one)
                discard(pc);
            }
        }
    }

    /** Changes how many idle connections are kept; extra idle connections are closed now. */
    void setMaxIdle(int newMaxIdle) {
        List<PooledConnection> surplus = new ArrayList<>();
        synchronized (lock) {
            maxIdle = Math.max(0, newMaxIdle);
            while (idle.size() > maxIdle) {
                surplus.add(idle.pollLast());
            }
        }
        surplus.forEach(PooledDataSource::discard);
    }

    int idleCount() {
        synchronized (lock) {
            return idle.size();
        }
    }

    /** Closes the idle connections; connections still borrowed are closed when they come back. */
    @Override
    public void close() {
        List<PooledConnection> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(PooledDataSource::discard);
    }

    private void release(PooledConnection pc) {
        synchronized (lock) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(pc);
                return;
            }
        }
        discard(pc);
    }

    private static void discard(PooledConnection pc) {
        try {
            pc.close();
        } catch (SQLException e) {
            // already broken or the database is gone: nothing left to release
        }
    }

    private final class Listener implements ConnectionEventListener {

        @Override
        public void connectionClosed(ConnectionEvent event) {
            release((PooledConnection) event.getSource());
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            // Derby reports only session-level (fatal) errors here: the physical connection is unusable
            PooledConnection pc = (PooledConnection) event.getSource();
            pc.removeConnectionEventListener(this);
            discard(pc);
        }
    }

    // ---------------------------------------------------------------- the rest of DataSource

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return unpooled.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return unpooled.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        unpooled.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        unpooled.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return unpooled.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Derby logs to derby.log, not java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
