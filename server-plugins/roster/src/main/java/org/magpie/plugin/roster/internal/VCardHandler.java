package org.magpie.plugin.roster.internal;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServesIq;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0054 vCards: anybody's vCard can be read (the server answers for the account), one's own set.
 * NICKNAME (and FN when the owner gave none) always show the account's nickname from registration;
 * setting a vCard with a new NICKNAME changes the account's nickname, and the rosters showing it.
 * The rest of the vCard (photo ...) is kept as the owner sent it.
 */
@Component(service = IqHandler.class)
@ServesIq(element = "vCard", namespace = Namespaces.VCARD, accountAddressed = true)
public final class VCardHandler implements IqHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VCardHandler.class);

    private final RosterEngine engine;
    private final AccountService accounts;

    /** The sensitive-word list, while the filter plugin runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    @Activate
    public VCardHandler(@Reference RosterEngine engine, @Reference AccountService accounts) {
        this.engine = engine;
        this.accounts = accounts;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityBareJid self = session.account().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        Element vcard = iq.payload().filter(p -> p.is("vCard", Namespaces.VCARD)).orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        Jid to = iq.to();
        EntityBareJid target = to == null || !to.hasLocalpart() ? self : to.asEntityBareJidIfPossible();
        if (to != null && !to.hasLocalpart()) {
            // the server itself has no vCard
            throw texts().text("vcard.server").exception(Condition.ITEM_NOT_FOUND);
        }
        try {
            if (iq.is(IqType.GET)) {
                return iq.resultReply(read(target));
            }
            if (!target.equals(self)) {
                throw texts().text("vcard.only.own").exception(Condition.FORBIDDEN);
            }
            write(self, vcard);
            return iq.resultReply(null);
        } catch (StorageException e) {
            LOG.error("vCard of {} failed: {}", target, e.getMessage(), e);
            throw texts().text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    private Texts texts() {
        return engine.context().texts;
    }

    private Element read(EntityBareJid account) throws StanzaException {
        Optional<String> nickname = engine.context().accountNickname(account);
        if (nickname.isEmpty()) {
            throw texts().text("vcard.no.account", account.toString()).exception(Condition.ITEM_NOT_FOUND);
        }
        Element stored = engine.context().store.vcard(account.toString()).flatMap(VCardHandler::parse)
                .orElse(Element.of("vCard", Namespaces.VCARD));
        Element.Builder b = Element.builder("vCard", Namespaces.VCARD);
        stored.attributes().forEach(b::attribute);
        boolean hasFn = false;
        for (Node n : stored.children()) {
            if (n instanceof Element e && e.is("NICKNAME", Namespaces.VCARD)) {
                continue;
            }
            if (n instanceof Element e && e.is("FN", Namespaces.VCARD) && !e.text().isBlank()) {
                hasFn = true;
            }
            b.child(n);
        }
        if (!hasFn) {
            b.textChild("FN", nickname.get());
        }
        b.textChild("NICKNAME", nickname.get());
        return b.build();
    }

    private void write(EntityBareJid self, Element vcard) throws StanzaException {
        refuseListedWords(vcard);
        String username = self.getLocalpart().toString();
        Optional<String> nick = vcard.child("NICKNAME", Namespaces.VCARD).map(Element::text).map(String::strip).filter(s -> !s.isEmpty());
        // a changed nickname reaches friends through RosterAccountListener, whoever changed it
        if (nick.isPresent() && !nick.equals(engine.context().accountNickname(self))) {
            WordFilter filter = words;
            WordFilter.Verdict verdict = filter == null ? null : filter.check(nick.get());
            if (verdict != null && !verdict.isClean()) {
                throw texts().text("vcard.nickname.words", String.join(", ", verdict.rules()), String.join("、", verdict.rules()))
                        .exception(Condition.NOT_ACCEPTABLE);
            }
            try {
                accounts.changeNickname(username, nick.get());
            } catch (AccountException e) {
                throw switch (e.reason()) {
                    case INVALID -> texts().text("vcard.nickname.invalid", e.getMessage()).exception(Condition.NOT_ACCEPTABLE);
                    case NOT_FOUND -> texts().text("vcard.account.gone").exception(Condition.ITEM_NOT_FOUND);
                    default -> texts().text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
                };
            }
        }
        engine.context().store.saveVcard(self.toString(), vcard.toXml());
    }

    /**
     * Everyone can read a vCard, so one holding a word of the sensitive-word list is refused (its owner
     * changes the field and saves again), not stored with stars. Photos and other binary values are
     * not text; the nickname has its own check above, made only when it changes.
     */
    private void refuseListedWords(Element vcard) throws StanzaException {
        WordFilter filter = words;
        if (filter == null) {
            return;
        }
        Set<String> rules = new LinkedHashSet<>();
        collectListedWords(filter, vcard, rules);
        if (!rules.isEmpty()) {
            throw texts().text("vcard.words", String.join(", ", rules), String.join("、", rules)).exception(Condition.NOT_ACCEPTABLE);
        }
    }

    private static void collectListedWords(WordFilter filter, Element e, Set<String> rules) {
        if (e.is("BINVAL", Namespaces.VCARD) || e.is("NICKNAME", Namespaces.VCARD)) {
            return;
        }
        String text = e.text();
        if (!text.isBlank()) {
            rules.addAll(filter.check(text).rules());
        }
        for (Element child : e.elements()) {
            collectListedWords(filter, child, rules);
        }
    }

    /** Reads a stored vCard back into an element (the JDK's StAX; no DTDs, no external entities). */
    static Optional<Element> parse(String xml) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true); // one text node per run of text, as it was sent
        try {
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
            Deque<Element.Builder> open = new ArrayDeque<>();
            Element root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Element.Builder b = Element.builder(r.getLocalName(), r.getNamespaceURI());
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            String prefix = r.getAttributePrefix(i);
                            String name = r.getAttributeLocalName(i);
                            b.attribute("xml".equals(prefix) ? "xml:" + name : name, r.getAttributeValue(i));
                        }
                        open.push(b);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.peek().text(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Element done = open.pop().build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().child(done);
                        }
                    }
                    default -> {
                    }
                }
            }
            r.close();
            return Optional.ofNullable(root);
        } catch (XMLStreamException | RuntimeException e) {
            LOG.warn("ignoring a stored vCard that does not parse: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
