package org.magpie.plugin.roster.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;

/** Roster get and set (RFC 6121 §2) of one's own roster; a remove cancels the subscriptions first. */
final class Rosters {

    static final int MAX_NAME = 1024;

    private final RosterContext context;
    private final RosterPushes pushes;
    private final Subscriptions subscriptions;

    Rosters(RosterContext context, RosterPushes pushes, Subscriptions subscriptions) {
        this.context = context;
        this.pushes = pushes;
        this.subscriptions = subscriptions;
    }

    Stanza get(Stanza iq, Element query, Session session) {
        EntityBareJid owner = owner(session);
        pushes.interested(session);
        List<Element> elements = pushes.elements(owner.toString());
        String ver = pushes.version(owner.toString(), elements);
        if (ver.equals(query.attribute("ver"))) {
            return iq.resultReply(null); // RFC 6121 §2.6.3: unchanged, the client's cache is right
        }
        return iq.resultReply(Element.builder("query", Namespaces.ROSTER).attribute("ver", ver).children(elements).build());
    }

    Stanza set(Stanza iq, Element query, Session session) throws StanzaException {
        EntityBareJid owner = owner(session);
        List<Element> items = query.elements();
        if (items.size() != 1 || !items.get(0).is("item", Namespaces.ROSTER)) {
            throw context.texts.text("roster.one.item").exception(Condition.BAD_REQUEST);
        }
        Element item = items.get(0);
        EntityBareJid contact = bareJid(item.attribute("jid"));
        if ("remove".equals(item.attribute("subscription"))) {
            synchronized (context.lock) {
                subscriptions.removeContact(owner, contact);
            }
            return iq.resultReply(null);
        }
        if (contact.equals(owner)) {
            throw context.texts.text("roster.self").exception(Condition.NOT_ALLOWED);
        }
        String name = name(item.attribute("name"));
        Set<String> groups = groups(item);
        synchronized (context.lock) {
            RosterItem current = context.store.item(owner.toString(), contact.toString())
                    .orElse(RosterItem.fresh(contact.toString()));
            RosterItem updated = current.withNameAndGroups(name, List.copyOf(groups));
            context.store.save(owner.toString(), updated);
            pushes.changed(owner, updated);
        }
        return iq.resultReply(null);
    }

    /** The name the owner gives the contact: stripped, null when blank. */
    private String name(String given) throws StanzaException {
        if (given == null) {
            return null;
        }
        String name = given.strip();
        if (name.length() > MAX_NAME) {
            throw context.texts.text("roster.name.too.long", String.valueOf(MAX_NAME)).exception(Condition.NOT_ACCEPTABLE);
        }
        return name.isEmpty() ? null : name;
    }

    private Set<String> groups(Element item) throws StanzaException {
        Set<String> groups = new LinkedHashSet<>();
        for (Element g : item.elements()) {
            if (!g.is("group", Namespaces.ROSTER)) {
                continue;
            }
            String group = g.text().strip();
            if (group.isEmpty() || group.length() > MAX_NAME || group.indexOf(RosterStore.GROUP_SEPARATOR) >= 0) {
                // RFC 6121 §2.3.3: an empty group name is not-acceptable
                throw context.texts.text("roster.group.invalid", String.valueOf(MAX_NAME)).exception(Condition.NOT_ACCEPTABLE);
            }
            groups.add(group);
        }
        return groups;
    }

    private static EntityBareJid owner(Session session) {
        return session.account().orElseThrow(() -> new IllegalStateException("not logged in: " + session));
    }

    private EntityBareJid bareJid(String value) throws StanzaException {
        if (value == null) {
            throw context.texts.text("roster.item.no.jid").exception(Condition.BAD_REQUEST);
        }
        try {
            Jid jid = JidCreate.from(value);
            EntityBareJid bare = jid.asEntityBareJidIfPossible();
            if (bare == null || jid.hasResource()) {
                throw context.texts.text("roster.item.not.account", value).exception(Condition.JID_MALFORMED);
            }
            return bare;
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw context.texts.text("roster.item.malformed", value).exception(Condition.JID_MALFORMED);
        }
    }
}
