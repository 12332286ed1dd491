package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.rsm.packet.RSMSet;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryPage;

/**
 * Pages of the message archive (XEP-0313): the user's own archive filtered by {@code with} for a
 * chat, a group's archive (the same query sent to the group) for a group; newest page first, older
 * pages with RSM {@code before}.
 */
final class Archive {

    private static final int MAX_PAGE = 100;

    private final MessageKinds kinds;

    Archive(MessageKinds kinds) {
        this.kinds = kinds;
    }

    /** A page of the chat with {@code peer}: the user's own lines carry {@code ownNick}. */
    HistoryPage<ChatMessage> chat(XMPPTCPConnection c, String peer, String older, int max, String own, String ownNick)
            throws Exception {
        EntityBareJid with = JidCreate.entityBareFrom(peer);
        MamQuery query = MamManager.getInstanceFor(c).queryArchive(args(with, older, max));
        List<ChatMessage> messages = new ArrayList<>();
        for (Forwarded<Message> f : query.getPage().getForwarded()) {
            Message m = f.getForwardedStanza();
            if (m.getBody() == null || m.getFrom() == null) {
                continue;
            }
            kinds.remember(m);
            String sender = m.getFrom().asBareJid().toString();
            boolean mine = sender.equals(own);
            String nick = mine ? ownNick : Contacts.nickname(m);
            if (nick == null) {
                nick = Async.localpart(sender);
            }
            messages.add(new ChatMessage(with.toString(), sender, nick, m.getBody(), time(f, m), mine));
        }
        return new HistoryPage<>(messages, older(query));
    }

    /** A page of a group's archive: the user's own lines are the ones written as {@code ownNick}. */
    HistoryPage<GroupMessage> group(XMPPTCPConnection c, EntityBareJid room, String older, int max, String own,
            String ownNick) throws Exception {
        MamQuery query = MamManager.getInstanceFor(c, room).queryArchive(args(null, older, max));
        List<GroupMessage> messages = new ArrayList<>();
        for (Forwarded<Message> f : query.getPage().getForwarded()) {
            Message m = f.getForwardedStanza();
            if (m.getBody() == null) {
                continue;
            }
            kinds.remember(m);
            messages.add(groupMessage(room.toString(), m, time(f, m), own, ownNick));
        }
        return new HistoryPage<>(messages, older(query));
    }

    private static MamQueryArgs args(Jid with, String older, int max) {
        MamQueryArgs.Builder b = MamQueryArgs.builder().setResultPageSizeTo(Math.min(max, MAX_PAGE));
        if (with != null) {
            b.limitResultsToJid(with);
        }
        if (older == null) {
            b.queryLastPage(); // RSM: an empty <before/> asks for the newest page
        } else {
            b.beforeUid(older);
        }
        return b.build();
    }

    /** The cursor for the page before this one, or null when the archive has nothing older. */
    private static String older(MamQuery query) {
        if (query.isComplete() || query.getMessageCount() == 0) {
            return null;
        }
        RSMSet set = query.getPage().getMamFinIq().getRSMSet();
        return set == null ? null : set.getFirst();
    }

    private static Instant time(Forwarded<Message> f, Message m) {
        DelayInformation delay = f.getDelayInformation();
        if (delay == null) {
            delay = DelayInformation.from(m);
        }
        return delay != null && delay.getStamp() != null ? delay.getStamp().toInstant() : Instant.now();
    }

    /** An archived group line: a message with the writer's nickname, or a join/leave notice. */
    private static GroupMessage groupMessage(String group, Message m, Instant time, String own, String ownNick) {
        RoomEvent event = m.getExtension(RoomEvent.QNAME) instanceof RoomEvent e ? e : null;
        if (event != null && event.isJoinOrLeave()) {
            return new GroupMessage(group, event.jid(), event.nick(), m.getBody(), time,
                    own != null && own.equals(event.jid()), event.kind(), true);
        }
        Resourcepart nick = m.getFrom() == null ? null : m.getFrom().getResourceOrNull();
        String writer = nick != null ? nick.toString() : Async.localpart(group);
        boolean mine = nick != null && writer.equals(ownNick);
        return new GroupMessage(group, null, writer, m.getBody(), time, mine, GroupMessage.Kind.MESSAGE, true);
    }
}
