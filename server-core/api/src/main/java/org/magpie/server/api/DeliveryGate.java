package org.magpie.server.api;

import org.jxmpp.jid.EntityBareJid;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Asked before the core hands any stanza to a local account's sessions, whoever made it: a client,
 * a plugin through the {@link StanzaRouter} (presence broadcasts, roster pushes) or a component. Where
 * an interceptor sees only what clients send, and no IQs, this sees everything that is delivered, so
 * that blocking (XEP-0191) holds for all of it. Register as an OSGi service.
 *
 * <p>A withheld IQ request or message is answered {@code service-unavailable}, as if nobody were
 * there; anything else withheld is dropped. Called on a worker thread for every delivery: be quick.
 *
 * @since 1.7
 */
@ConsumerType
public interface DeliveryGate {

    /** Whether {@code stanza} must not reach {@code recipient}'s sessions. */
    boolean withholds(Stanza stanza, EntityBareJid recipient);
}
