package org.magpie.plugin.archive.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;

/**
 * Hands a session its waiting offline messages one after the other, each once the one before has
 * reached the network. Written all at once, a backlog larger than the connection's outbound limit
 * ended the session as a client that does not read, and the next login the same way, for ever.
 * A message the session could not write (it ended meanwhile) stops the hand-over: it and the rest
 * wait for the next login.
 */
final class OfflineHandOver {

    /** A message to hand over and its row in the offline store. */
    record Waiting(long id, Stanza message) {
    }

    private final Session session;
    private final List<Waiting> messages;
    private final Consumer<List<Long>> done;
    private final List<Long> written;
    private int next;

    /**
     * @param done gets the ids of the messages written, once the last is written or the session ended
     */
    private OfflineHandOver(Session session, List<Waiting> messages, Consumer<List<Long>> done) {
        this.session = session;
        this.messages = List.copyOf(messages);
        this.done = done;
        this.written = new ArrayList<>(messages.size());
    }

    static void start(Session session, List<Waiting> messages, Consumer<List<Long>> done) {
        new OfflineHandOver(session, messages, done).sendNext();
    }

    private void sendNext() {
        while (next < messages.size()) {
            CompletableFuture<Boolean> write = session.sendConfirmed(messages.get(next).message()).toCompletableFuture();
            if (!write.isDone()) {
                // the write completes on a network thread (inside the connection's TLS lock): go on elsewhere
                write.whenCompleteAsync((ok, failure) -> {
                    if (accepted(ok, failure)) {
                        sendNext();
                    }
                });
                return;
            }
            if (!accepted(write.getNow(false), null)) {
                return;
            }
        }
        done.accept(List.copyOf(written));
    }

    /** Counts the write; false (and the hand-over ends) when it did not reach the network. */
    private boolean accepted(Boolean ok, Throwable failure) {
        if (failure == null && Boolean.TRUE.equals(ok)) {
            written.add(messages.get(next++).id());
            return true;
        }
        done.accept(List.copyOf(written));
        return false;
    }
}
