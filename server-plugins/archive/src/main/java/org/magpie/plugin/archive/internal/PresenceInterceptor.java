package org.magpie.plugin.archive.internal;

import org.magpie.server.api.Intercepts;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Available presence a client sends: its offline messages are handed over (XEP-0160). */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.PRESENCE, phase = StanzaInterceptor.Phase.RECORD)
public final class PresenceInterceptor implements StanzaInterceptor {

    private final ArchiveEngine engine;

    @Activate
    public PresenceInterceptor(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        return stanza.isPresence() ? engine.offline().presence(stanza, sender) : Verdict.pass(stanza);
    }
}
