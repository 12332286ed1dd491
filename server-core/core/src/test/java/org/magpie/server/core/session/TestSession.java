package org.magpie.server.core.session;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.testsupport.FakeSession;

/** A bound client session without a network, as the registry and routing see it. */
public final class TestSession extends FakeSession implements LocalSession {

    private TestSession(EntityFullJid jid) {
        super(jid.asEntityBareJid(), jid);
    }

    public static TestSession of(String fullJid) {
        return new TestSession(FakeSession.bound(fullJid).jid().orElseThrow());
    }

    /** Bound, and available with this priority. */
    public static TestSession available(String fullJid, int priority) {
        TestSession s = of(fullJid);
        s.presence(Stanzas.stanza("<presence><priority>" + priority + "</priority></presence>"));
        return s;
    }

    /** Registers it as bound, as a session does when its client binds a resource (no limit per account). */
    public TestSession bindTo(SessionRegistry registry) {
        registry.bind(this, Integer.MAX_VALUE);
        return this;
    }

    @Override
    public EntityFullJid fullJid() {
        return jid().orElseThrow();
    }

    @Override
    public void presence(Stanza broadcast) {
        withPresence(broadcast);
    }

    @Override
    public void closeWithError(StreamErrorCondition condition, String text) {
        if (endedWith().isEmpty()) {
            end(condition);
        }
    }
}
