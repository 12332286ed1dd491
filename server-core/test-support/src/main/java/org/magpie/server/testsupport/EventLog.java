package org.magpie.server.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What several fakes did, in order, as one line each ({@code send result}, {@code password alice}):
 * for tests that care in which order a handler stored, answered and ended sessions.
 */
public final class EventLog {

    /** A log that keeps nothing, the fakes' default. */
    static final EventLog NONE = new EventLog(false);

    private final boolean keeping;
    private final List<String> events = new CopyOnWriteArrayList<>();

    private EventLog(boolean keeping) {
        this.keeping = keeping;
    }

    public EventLog() {
        this(true);
    }

    void add(String event) {
        if (keeping) {
            events.add(event);
        }
    }

    /** The events so far, oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    public void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
