package org.magpie.plugin.carbons.internal;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Intercepts;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A message a session sends is copied, wrapped in {@code <sent/>}, to the account's other sessions
 * that enabled carbons (XEP-0280 §8). It runs first among the records, after the filter and the
 * features have passed the message, so the copy is what the recipient gets; and before offline
 * storage, which takes messages to someone offline out of the chain but must not keep them from the
 * sender's other devices.
 */
@Component(service = StanzaInterceptor.class, property = "service.ranking:Integer=1000")
@Intercepts(kinds = Stanza.Kind.MESSAGE, phase = StanzaInterceptor.Phase.RECORD)
public final class SentCarbons implements StanzaInterceptor {

    private final EnabledSessions enabled;

    @Activate
    public SentCarbons(@Reference EnabledSessions enabled) {
        this.enabled = enabled;
    }

    @Override
    public Verdict intercept(Stanza message, Session sender) {
        if (Carbons.eligible(message) && sender.account().isPresent()) {
            EntityBareJid account = sender.account().get();
            for (Session other : enabled.of(account)) {
                if (!other.id().equals(sender.id())) {
                    other.send(Carbons.copy("sent", message, account, other));
                }
            }
        }
        return Verdict.pass(message);
    }
}
