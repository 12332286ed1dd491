package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.magpie.server.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the message path: the writes of all worker threads that arrive while a batch is
 * being written go into the next batch, one transaction and so one log flush for all of them,
 * instead of one flush per message. Each caller learns only once its own write is durable (waiting,
 * or asynchronously without holding a thread), so a message is stored before it is routed. Every write has its own savepoint: one that fails is
 * undone alone and its caller gets the error, the others commit.
 */
final class GroupCommit implements AutoCloseable {

    static final int MAX_BATCH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(ArchiveStore.BatchWork<?> work, CompletableFuture<Object> done) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;
    private volatile boolean closed;

    GroupCommit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in the next batch and waits until that batch is committed. */
    <T> T run(ArchiveStore.BatchWork<T> work) {
        try {
            return submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Queues {@code work} for the next batch; the future completes once that batch is committed (or
     * with the write's failure). Completions run on the writer thread, so they must only hand over.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(ArchiveStore.BatchWork<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new StorageException("the archive is stopping", new SQLException("closed")));
        }
        startWriter();
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Pending(work, done));
        if (closed) {
            failQueued(); // closed meanwhile: the writer may be gone, and nothing may wait for ever
        }
        return (CompletableFuture<T>) done;
    }

    private void startWriter() {
        if (writer == null) {
            synchronized (this) {
                if (writer == null) {
                    Thread t = new Thread(this::loop, "magpie-archive-writer");
                    t.setDaemon(true);
                    t.start();
                    writer = t;
                }
            }
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("archive writer failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
        failQueued();
    }

    private void failQueued() {
        for (Pending p; (p = queue.poll()) != null;) {
            p.done().completeExceptionally(new StorageException("the archive stopped", new SQLException("closed")));
        }
    }

    private void commit(List<Pending> batch) {
        Object[] results = new Object[batch.size()];
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                InboxChanges inbox = new InboxChanges();
                for (int i = 0; i < batch.size(); i++) {
                    Savepoint before = c.setSavepoint();
                    try {
                        InboxChanges mine = new InboxChanges();
                        results[i] = batch.get(i).work().run(c, mine);
                        c.releaseSavepoint(before);
                        inbox.addAll(mine); // only a write that succeeded counts
                    } catch (SQLException e) {
                        c.rollback(before);
                        failures[i] = new StorageException("archive write failed", e);
                    } catch (RuntimeException e) {
                        c.rollback(before);
                        failures[i] = e;
                    }
                }
                inbox.write(c);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            StorageException failure = new StorageException("archive batch failed", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] != null) {
                batch.get(i).done().completeExceptionally(failures[i]);
            } else {
                batch.get(i).done().complete(results[i]);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = writer;
        if (t != null) {
            try {
                t.join(5000); // what is queued is still written
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
