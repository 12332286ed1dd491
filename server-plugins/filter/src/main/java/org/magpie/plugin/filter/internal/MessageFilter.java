package org.magpie.plugin.filter.internal;

import java.util.List;
import java.util.Set;

import org.magpie.server.api.Intercepts;
import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filters what users write in messages and presences ({@link VisibleText}: bodies, subjects, the
 * XHTML-IM copy, invitation reasons, shared file names, statuses, nicknames; private and group alike)
 * before anything else sees them: the {@code FILTER} phase, first among the server's interceptors,
 * so archives, offline storage and rooms only ever get the filtered text.
 *
 * <ul>
 * <li>Masked: the message goes on with the words replaced by stars; the sender gets a headline
 *     from the server saying so and naming the rules (en and zh bodies, plus a
 *     {@code <filtered xmlns='urn:magpie:filter:0'/>} element clients can read).</li>
 * <li>Blocked: the message goes nowhere; the sender gets it back as an error
 *     ({@code policy-violation}, en and zh texts naming the rules).</li>
 * </ul>
 * A presence status can only be masked. The log records who, to whom and which rules, never the text.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = {Stanza.Kind.MESSAGE, Stanza.Kind.PRESENCE}, phase = StanzaInterceptor.Phase.FILTER)
public final class MessageFilter implements StanzaInterceptor {

    static final String NS = "urn:magpie:filter:0";

    private static final Logger LOG = LoggerFactory.getLogger(MessageFilter.class);

    private final Texts texts = Texts.of(MessageFilter.class);
    private final WordFilter words;
    private final ServerInfo server;

    @Activate
    public MessageFilter(@Reference WordListFilter words, @Reference ServerInfo server) {
        this((WordFilter) words, server);
    }

    MessageFilter(WordFilter words, ServerInfo server) {
        this.words = words;
        this.server = server;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        if (stanza.is(MessageType.ERROR) || stanza.is(IqType.ERROR) || stanza.is(PresenceType.ERROR)) {
            return Verdict.pass(stanza);
        }
        boolean message = stanza.isMessage();
        VisibleText visible = new VisibleText(words);
        Element filtered = visible.filter(stanza.element(), message);
        if (!visible.changed()) {
            return Verdict.pass(stanza);
        }
        Set<String> rules = visible.rules();
        String who = sender.account().map(Object::toString).orElse("?");
        if (message && visible.blocked()) {
            LOG.info("message from {} to {} blocked by rules {}", who, stanza.to(), rules);
            return Verdict.reject(inEachLanguage("message.blocked", rules).error(StanzaError.Condition.POLICY_VIOLATION));
        }
        LOG.info("{} from {} to {} masked by rules {}", stanza.kind().elementName(), who, stanza.to(), rules);
        if (message) {
            sender.jid().ifPresent(to -> sender.send(warning(stanza, to, rules)));
        }
        return Verdict.pass(stanza.withElement(filtered));
    }

    /** The text of {@code key} naming the rules, each language joining them its own way. */
    private LocalizedText inEachLanguage(String key, Set<String> rules) {
        return texts.text(key, rules);
    }

    /** A headline telling the sender what was masked, in both languages (one body each): the client shows its own. */
    private Stanza warning(Stanza original, org.jxmpp.jid.Jid to, Set<String> rules) {
        LocalizedText text = inEachLanguage("message.masked", rules);
        Element.Builder filtered = Element.builder("filtered", NS).attribute("action", "masked")
                .attribute("id", original.id());
        rules.forEach(r -> filtered.textChild("rule", r));
        return Stanza.create(Stanza.Kind.MESSAGE, server.domain(), to, MessageType.HEADLINE, Stanza.newId(), List.of(
                Element.builder("body", Namespaces.CLIENT).attribute("xml:lang", "en")
                        .text(text.english()).build(),
                Element.builder("body", Namespaces.CLIENT).attribute("xml:lang", "zh")
                        .text(text.in("zh")).build(),
                filtered.build()));
    }
}
