package org.magpie.plugin.archive.internal;

import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Delay;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/**
 * The inbox (namespace {@value #NS}): per conversation the unread count and the last message, counted
 * as messages are archived ({@link InboxChanges}) and cleared when the owner reads the conversation.
 */
final class Inbox {

    static final String NS = "urn:magpie:inbox:0";

    private final ArchiveContext context;
    private final InboxStore store;

    Inbox(ArchiveContext context) {
        this.context = context;
        this.store = context.store.inbox();
    }

    /** The owner has read the conversation: count back to zero, and the owner's other sessions told. */
    void markRead(EntityBareJid owner, String peer, String byOwnSession) {
        if (!store.read(owner.toString(), peer)) {
            return;
        }
        Element read = Element.builder("read", NS).attribute("jid", peer).build();
        for (Session s : context.sessions().sessions(owner)) {
            if (!s.id().equals(byOwnSession) && s.jid().isPresent()) {
                s.send(Stanza.create(Stanza.Kind.MESSAGE, owner, s.jid().get(), MessageType.HEADLINE, Stanza.newId(), List.of(read)));
            }
        }
    }

    /** The owner's inbox as the {@value #NS} answer. */
    Element inbox(EntityBareJid owner) {
        List<InboxStore.InboxEntry> entries = store.entries(owner.toString());
        int total = entries.stream().mapToInt(InboxStore.InboxEntry::unread).sum();
        Element.Builder inbox = Element.builder("inbox", NS).attribute("unread", Integer.toString(total));
        for (InboxStore.InboxEntry e : entries) {
            Element.Builder conv = Element.builder("conversation", NS).attribute("jid", e.peer())
                    .attribute("type", ArchiveStore.GROUP.equals(e.kind()) ? "groupchat" : "chat")
                    .attribute("unread", Integer.toString(e.unread()));
            if (e.sender() != null) {
                String nick = e.senderNick() != null ? e.senderNick() : context.nickname(e.sender()).orElse(null);
                conv.child(Element.builder("last", NS).attribute("id", Ids.format(e.lastId()))
                        .attribute("from", e.sender()).attribute("nick", nick)
                        .attribute("stamp", Delay.stamp(Ids.instant(e.lastId())))
                        .child(Element.builder("body", NS).text(e.body()).build()).build());
            }
            inbox.child(conv.build());
        }
        return inbox.build();
    }
}
