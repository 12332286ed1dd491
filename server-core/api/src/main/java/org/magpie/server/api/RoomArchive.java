package org.magpie.server.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.xml.Element;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The message archive of groups, provided by the archive plugin and used by the groups plugin: a
 * group message is stored before the group sends it (and counted unread for its members), entering
 * a group replays its recent messages from here, and members page through its history with XEP-0313.
 * The groups plugin decides who may read; this service only stores and reads.
 *
 * @since 1.3
 */
@ProviderType
public interface RoomArchive {

    /** A stored group message with its archive id and time. */
    record Archived(String id, Element message, Instant stamp) {
    }

    /**
     * Stores a message as the group sends it ({@code from} the group or an occupant, no {@code to}).
     *
     * @param sender the real author, or null for the group's own notices
     * @param nick the author's nickname in the group, or null
     * @param members who get it counted unread (the author is left out)
     * @return the archive id, for the {@code stanza-id} the group adds (XEP-0359)
     * @throws IllegalStateException when it could not be stored: the group must not send it then
     */
    String store(EntityBareJid room, EntityBareJid sender, String nick, Element message, Collection<EntityBareJid> members);

    /** The last {@code max} messages, oldest first, not older than {@code since} when given. */
    List<Archived> recent(EntityBareJid room, int max, Instant since);

    /**
     * Answers a XEP-0313 {@code <query/>} (type set) of the group's archive: sends the result messages
     * from the group to the requester through {@code send}, and returns the {@code <fin/>} element.
     *
     * @throws StanzaException for a bad query or an unknown paging cursor
     */
    Element query(EntityBareJid room, Element query, EntityFullJid requester, Consumer<Stanza> send) throws StanzaException;

    /** The group was destroyed: its messages and inbox entries go. */
    void forget(EntityBareJid room);
}
