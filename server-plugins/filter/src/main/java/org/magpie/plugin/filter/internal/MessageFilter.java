package org.magpie.plugin.filter.internal;

import org.magpie.server.api.MessageType;
import org.magpie.server.api.Intercepts;
import java.util.List;
import java.util.Set;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.WordFilter;
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
        if ("error".equals(stanza.type())) {
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
            return Verdict.reject(StanzaError.of(StanzaError.Condition.POLICY_VIOLATION,
                    "Your message was not delivered: it contains words that are not allowed (" + String.join(", ", rules) + ").",
                    "消息未发送：其中含有不允许使用的词语（" + String.join("、", rules) + "）。"));
        }
        LOG.info("{} from {} to {} masked by rules {}", stanza.kind().elementName(), who, stanza.to(), rules);
        if (message) {
            sender.jid().ifPresent(to -> sender.send(warning(stanza, to, rules)));
        }
        return Verdict.pass(stanza.withElement(filtered));
    }

    private Stanza warning(Stanza original, org.jxmpp.jid.Jid to, Set<String> rules) {
        String list = String.join(", ", rules);
        Element.Builder filtered = Element.builder("filtered", NS).attribute("action", "masked")
                .attribute("id", original.id());
        rules.forEach(r -> filtered.textChild("rule", r));
        return Stanza.create(Stanza.Kind.MESSAGE, server.domain(), to, MessageType.HEADLINE, Stanza.newId(), List.of(
                Element.builder("body", Namespaces.CLIENT).attribute("xml:lang", "en")
                        .text("Some words of your message were replaced by * (" + list + ").").build(),
                Element.builder("body", Namespaces.CLIENT).attribute("xml:lang", "zh")
                        .text("您的消息中部分词语已被替换为 *（" + String.join("、", rules) + "）。").build(),
                filtered.build()));
    }
}
