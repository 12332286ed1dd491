package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.Map;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Rooms.Member;
import org.magpie.client.service.smack.internal.Rooms.Room;

/**
 * The groups' lines: messages with the writers' nicknames, the join and leave notices, the
 * group's recent history when entered (without what this session showed already), and sending.
 */
final class GroupLines {

    private final Rooms rooms;

    GroupLines(Rooms rooms) {
        this.rooms = rooms;
    }

    /** Sends a line to a group the user is a member of. */
    void send(XMPPTCPConnection c, String group, String text) throws Exception {
        synchronized (rooms.lock) {
            if (!rooms.rooms.containsKey(group)) {
                throw new ServiceException(FailureKind.INVALID_INPUT, "Not a member of " + group + ".");
            }
        }
        c.sendStanza(c.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(group))
                .ofType(Message.Type.groupchat)
                .setBody(text)
                .build());
    }

    /** A message or a notice (lock held). */
    void message(Room room, Message m) {
        String body = m.getBody();
        if (body == null) {
            return; // subject changes and the like
        }
        DelayInformation delay = DelayInformation.from(m);
        boolean history = delay != null;
        Instant time = history && delay.getStamp() != null ? delay.getStamp().toInstant() : Instant.now();
        if (history && room.replayAfter != null && !time.isAfter(room.replayAfter)) {
            return; // shown already in this session, before a reconnection
        }
        if (room.seenUntil == null || time.isAfter(room.seenUntil)) {
            room.seenUntil = time;
        }
        GroupMessage message = line(room, m, body, time, history);
        room.lines.addLast(message);
        if (room.lines.size() > GroupService.KEPT_MESSAGES) {
            room.lines.removeFirst();
        }
        rooms.emit(l -> l.groupMessageReceived(message));
    }

    private GroupMessage line(Room room, Message m, String body, Instant time, boolean history) {
        String address = room.group.address();
        RoomEvent event = m.getExtension(RoomEvent.QNAME) instanceof RoomEvent e ? e : null;
        Resourcepart nick = m.getFrom().getResourceOrNull();
        if (event != null && event.isJoinOrLeave()) {
            return new GroupMessage(address, event.jid(), event.nick(), body, time, rooms.account.equals(event.jid()),
                    event.kind(), history);
        }
        if (nick != null) {
            String writer = nick.toString();
            String sender = null;
            for (Map.Entry<String, Member> e : room.members.entrySet()) {
                if (e.getValue().nick.equals(writer)) {
                    sender = e.getKey();
                }
            }
            return new GroupMessage(address, sender, writer, body, time, writer.equals(room.nick),
                    GroupMessage.Kind.MESSAGE, history);
        }
        // the group itself speaks without a marker
        return new GroupMessage(address, null, room.group.name(), body, time, false, GroupMessage.Kind.MESSAGE, history);
    }
}
