package org.magpie.plugin.roster.internal;

import org.magpie.server.api.Intercepts;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Presence a client sends: broadcasts go to subscribers, subscription requests and answers change
 * both rosters, probes are answered. Ranked low so that filters run before the roster routes.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.PRESENCE, phase = StanzaInterceptor.Phase.HANDLE)
public final class PresenceInterceptor implements StanzaInterceptor {

    private final RosterEngine engine;

    @Activate
    public PresenceInterceptor(@Reference RosterEngine engine) {
        this.engine = engine;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        return stanza.isPresence() ? engine.outbound(stanza, sender) : Verdict.pass(stanza);
    }
}
