package org.magpie.plugin.carbons.internal;

import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code <disable/>} (XEP-0280 §5) turns carbons off for the asking session; off twice is no error. */
@Component(service = IqHandler.class)
@ServesIq(element = "disable", namespace = Carbons.NS, types = IqType.SET)
public final class CarbonsOff implements IqHandler {

    private final EnabledSessions enabled;

    @Activate
    public CarbonsOff(@Reference EnabledSessions enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) {
        enabled.disable(session);
        return iq.resultReply(null);
    }
}
