package org.magpie.plugin.activity.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The server's time (XEP-0202): UTC and the offset of the server's time zone. A request to a user's
 * full JID goes to that client as any IQ does; this answers the server's own.
 */
@Component(service = {IqHandler.class, DiscoProvider.class})
@ServesIq(element = "time", namespace = EntityTime.NS, types = IqType.GET)
public final class EntityTime implements IqHandler, DiscoProvider {

    static final String NS = "urn:xmpp:time";

    private final Clock clock;

    @Activate
    public EntityTime() {
        this(Clock.systemDefaultZone());
    }

    EntityTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) {
        ZonedDateTime now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        String tzo = now.getOffset().equals(ZoneOffset.UTC) ? "+00:00" : now.getOffset().getId();
        String utc = DateTimeFormatter.ISO_INSTANT.format(now.toInstant());
        return iq.resultReply(Element.builder("time", NS).textChild("tzo", tzo).textChild("utc", utc).build());
    }

    @Override
    public Collection<String> features() {
        return List.of(NS);
    }
}
