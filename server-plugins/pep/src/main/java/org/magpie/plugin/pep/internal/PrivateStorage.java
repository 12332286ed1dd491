package org.magpie.plugin.pep.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * Private XML storage (XEP-0049): one element per name and namespace per account, readable by the account
 * alone. Bookmarks ({@code <storage xmlns='storage:bookmarks'/>}) are not kept here but in the
 * {@code storage:bookmarks} PEP node (item {@code current}, whitelist access), as XEP-0048 §3 and XEP-0402
 * describe: what a client stores one way, a client reads the other way, and PEP clients are notified.
 */
final class PrivateStorage {

    static final String NS = "jabber:iq:private";
    static final String BOOKMARKS = "storage:bookmarks";
    static final String BOOKMARKS_ITEM = "current";

    /** Namespaces XEP-0049 §3 keeps out of private storage. */
    private static final Set<String> RESERVED = Set.of(Namespaces.CLIENT, "jabber:server", NS);

    private final PepStore store;
    private final PepService pep;
    private final Supplier<PepSettings> settings;
    private final Texts texts;

    PrivateStorage(PepStore store, PepService pep, Supplier<PepSettings> settings, Texts texts) {
        this.store = store;
        this.pep = pep;
        this.settings = settings;
        this.texts = texts;
    }

    /** The stored element, or the asked one back empty when nothing is stored. */
    Element get(EntityFullJid owner, Element query) throws StanzaException {
        Element asked = onlyChild(query);
        Element found;
        if (asked.is("storage", BOOKMARKS)) {
            found = pep.visibleNode(owner.asEntityBareJid(), owner.asEntityBareJid(), BOOKMARKS).isEmpty() ? null
                    : store.item(owner.asEntityBareJid().toString(), BOOKMARKS, BOOKMARKS_ITEM)
                            .flatMap(i -> StoredXml.parse(i.payload())).orElse(null);
        } else {
            found = store.privateXml(owner.asEntityBareJid().toString(), key(asked)).flatMap(StoredXml::parse).orElse(null);
        }
        return Element.builder("query", NS).child(found != null ? found : Element.of(asked.name(), asked.namespace())).build();
    }

    void set(EntityFullJid owner, Element query) throws StanzaException, PubSubException {
        List<Element> elements = query.elements();
        if (elements.isEmpty()) {
            throw texts.text("private.one").exception(Condition.BAD_REQUEST);
        }
        PepSettings s = settings.get();
        for (Element e : elements) {
            check(e);
            if (e.toXml().getBytes(StandardCharsets.UTF_8).length > s.maxItemBytes()) {
                throw texts.text("private.too.big", s.maxItemBytes()).exception(Condition.NOT_ACCEPTABLE);
            }
        }
        String account = owner.asEntityBareJid().toString();
        for (Element e : elements) {
            if (e.is("storage", BOOKMARKS)) {
                // the node XEP-0048 §3 describes: the user's alone, kept
                DataForm options = DataForm.of("submit", null, null)
                        .with(DataForm.Field.of(NodeConfig.ACCESS_MODEL, null, null, NodeConfig.AccessModel.WHITELIST.xmlName()));
                boolean exists = store.node(account, BOOKMARKS).isPresent();
                pep.publishItem(owner, owner.asEntityBareJid(), BOOKMARKS, BOOKMARKS_ITEM, e,
                        exists ? Optional.empty() : Optional.of(options));
                continue;
            }
            String key = key(e);
            if (store.privateXml(account, key).isEmpty() && store.privateCount(account) >= s.maxPrivateElements()) {
                throw texts.text("private.limit", s.maxPrivateElements()).exception(Condition.RESOURCE_CONSTRAINT);
            }
            store.savePrivateXml(account, key, e.toXml());
        }
    }

    private Element onlyChild(Element query) throws StanzaException {
        if (query.elements().size() != 1) {
            throw texts.text("private.one").exception(Condition.BAD_REQUEST);
        }
        Element e = query.elements().get(0);
        check(e);
        return e;
    }

    private void check(Element e) throws StanzaException {
        if (e.namespace() == null || e.namespace().isEmpty() || RESERVED.contains(e.namespace())) {
            throw texts.text("private.namespace").exception(Condition.NOT_ACCEPTABLE);
        }
        if (key(e).length() > 1024) {
            throw texts.text("private.name.too.long").exception(Condition.NOT_ACCEPTABLE);
        }
    }

    private static String key(Element e) {
        return e.name() + " " + e.namespace();
    }
}
