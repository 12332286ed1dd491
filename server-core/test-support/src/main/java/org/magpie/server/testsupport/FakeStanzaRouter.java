package org.magpie.server.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;

/** Records what a plugin routes, and checks what the real router checks: a routed stanza has a from and a to. */
public final class FakeStanzaRouter implements StanzaRouter {

    private final List<Stanza> routed = new CopyOnWriteArrayList<>();

    @Override
    public void route(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null) {
            throw new IllegalArgumentException("a routed stanza needs from and to: " + stanza);
        }
        routed.add(stanza);
    }

    /** What was routed, oldest first. */
    public List<Stanza> routed() {
        return List.copyOf(routed);
    }

    /** What was routed to that address ({@code bob@example.com}), oldest first. */
    public List<Stanza> routedTo(String jid) {
        return routed.stream().filter(s -> s.to().toString().equals(jid)).toList();
    }

    /** Forgets what was routed so far and returns it. */
    public List<Stanza> take() {
        List<Stanza> taken = List.copyOf(routed);
        routed.removeAll(taken);
        return taken;
    }
}
