package org.magpie.plugin.carbons.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Session;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.IqHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code <enable/>} (XEP-0280 §4) turns carbons on for the asking session, and tells disco#info that
 * the server has them (§3). Enabling twice is no error (§10.1).
 */
@Component(service = {IqHandler.class, DiscoProvider.class})
@ServesIq(element = "enable", namespace = Carbons.NS, types = IqType.SET)
public final class CarbonsOn implements IqHandler, DiscoProvider {

    private final EnabledSessions enabled;

    @Activate
    public CarbonsOn(@Reference EnabledSessions enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) {
        enabled.enable(session);
        return iq.resultReply(null);
    }

    @Override
    public Collection<String> features() {
        return List.of(Carbons.NS);
    }
}
