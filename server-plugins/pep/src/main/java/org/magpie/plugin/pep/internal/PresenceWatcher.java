package org.magpie.plugin.pep.internal;

import java.util.Optional;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Intercepts;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Watches the presence a client broadcasts (never changing it): its caps say which notifications it wants,
 * and coming online is when it gets the last items (XEP-0163 §4.3.2); so does a contact whose presence
 * subscription the owner approves.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.PRESENCE, phase = StanzaInterceptor.Phase.HANDLE)
public final class PresenceWatcher implements StanzaInterceptor {

    private final PepEngine engine;

    @Activate
    public PresenceWatcher(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        Optional<EntityFullJid> jid = sender.jid();
        Optional<PresenceType> type = stanza.presenceType();
        if (jid.isPresent() && stanza.to() == null && type.isPresent()) {
            if (type.get() == PresenceType.AVAILABLE) {
                engine.available(sender.id(), jid.get(), stanza.element());
            } else if (type.get() == PresenceType.UNAVAILABLE) {
                engine.unavailable(sender.id());
            }
        } else if (jid.isPresent() && type.isPresent() && type.get() == PresenceType.SUBSCRIBED && stanza.to() != null
                && stanza.to().isEntityBareJid()) {
            engine.approved(jid.get().asEntityBareJid(), stanza.to().asEntityBareJidOrThrow());
        }
        return Verdict.pass(stanza);
    }
}
