package org.magpie.plugin.roster.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/**
 * Roster pushes (RFC 6121 §2.1.6) to the sessions that asked for the roster, and roster versions
 * (RFC 6121 §2.6): every change of a roster is counted and pushed from here.
 */
final class RosterPushes {

    private final RosterContext context;
    /** Sessions that have asked for the roster and so get roster pushes. */
    private final Set<String> interested = ConcurrentHashMap.newKeySet();

    RosterPushes(RosterContext context) {
        this.context = context;
    }

    /** The session asked for the roster: from now on it gets pushes. */
    void interested(Session session) {
        interested.add(session.id());
    }

    void sessionClosed(String sessionId) {
        interested.remove(sessionId);
    }

    /** Counts a change of the owner's roster and pushes the item to the owner's interested sessions. */
    void changed(EntityBareJid owner, RosterItem item) {
        context.store.bumpVersion(owner.toString());
        push(owner, item.toElement(context.displayName(item)));
    }

    /** Counts the removal of the contact from the owner's roster and pushes it. */
    void removed(EntityBareJid owner, String contact) {
        context.store.bumpVersion(owner.toString());
        push(owner, RosterItem.removed(contact));
    }

    private void push(EntityBareJid owner, Element item) {
        Collection<Session> targets = context.sessions().sessions(owner).stream()
                .filter(s -> interested.contains(s.id())).toList();
        if (targets.isEmpty()) {
            return;
        }
        String ver = version(owner.toString(), elements(owner.toString()));
        Element query = Element.builder("query", Namespaces.ROSTER).attribute("ver", ver).child(item).build();
        for (Session s : targets) {
            s.jid().ifPresent(to -> s.send(Stanza.create(Stanza.Kind.IQ, owner, to, IqType.SET, Stanza.newId(), List.of(query))));
        }
    }

    /** The owner's roster as sent: one {@code <item/>} per contact. */
    List<Element> elements(String owner) {
        List<RosterItem> items = context.store.items(owner);
        List<Element> elements = new ArrayList<>(items.size());
        for (RosterItem item : items) {
            elements.add(item.toElement(context.displayName(item)));
        }
        return elements;
    }

    /**
     * The roster version: the owner's change counter plus a checksum of the roster as sent, so that
     * a nickname changed elsewhere (which this plugin may not hear of) changes it too.
     */
    String version(String owner, List<Element> items) {
        CRC32 crc = new CRC32();
        for (Element e : items) {
            crc.update(e.toXml().getBytes(StandardCharsets.UTF_8));
        }
        return context.store.version(owner) + "-" + Long.toHexString(crc.getValue());
    }
}
