package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.function.Predicate;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;
import org.magpie.client.service.Announcement;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * What the server reports about delivery over one connection: a sent message bounced with an error
 * (blocked by the word filter, or refused), the filter's warning that a sent message was masked,
 * and the administrator's announcements (headlines from the server itself).
 */
public final class DeliveryReports {

    private final XMPPTCPConnection connection;
    private final MessagingSession session;
    private final SentMessages sent;

    /**
     * @param groupsOwn whether a message is the groups' business (their errors included)
     */
    public DeliveryReports(XMPPTCPConnection connection, MessagingSession session, SentMessages sent,
            Predicate<Message> groupsOwn) {
        this.connection = connection;
        this.session = session;
        this.sent = sent;
        connection.addSyncStanzaListener(s -> received((Message) s), s -> s instanceof Message m
                && (m.getType() == Message.Type.error || m.getType() == Message.Type.headline && !History.owns(m))
                && !groupsOwn.test(m));
    }

    private void received(Message m) {
        if (!session.current(connection)) {
            return;
        }
        if (m.getType() == Message.Type.error) {
            bounced(m);
        } else {
            fromServer(m);
        }
    }

    /** The server (or the other side) sent one of our messages back with an error. */
    private void bounced(Message m) {
        ChatMessage original = sent.remove(m.getStanzaId());
        if (original == null) {
            Jid from = m.getFrom();
            String to = from == null ? "" : from.asBareJid().toString();
            String account = session.account() == null ? "" : session.account();
            String nick = session.nickname() == null ? account : session.nickname();
            original = new ChatMessage(to, account, nick, m.getBody() == null ? "" : m.getBody(), Instant.now(), true);
        }
        ChatMessage failed = original;
        FilterNotice blocked = Notices.blocked(m.getError());
        if (blocked != null) {
            session.emit(l -> l.messageFiltered(failed, blocked));
            return;
        }
        String text = Failures.text(m.getError());
        FailureKind kind = m.getError() == null ? FailureKind.OTHER : Failures.kind(m.getError(), Operation.SEND);
        ServiceException reason = new ServiceException(kind,
                text != null ? text : m.getError() == null ? null : m.getError().getCondition().toString());
        session.emit(l -> l.messageFailed(failed, reason));
    }

    /** A headline from the server itself: the word filter's warning about a sent message, or an announcement. */
    private void fromServer(Message m) {
        if (!Notices.fromServer(m, connection.getXMPPServiceDomain().toString())) {
            return; // headlines from anybody else are not the server's word
        }
        FilterNotice masked = Notices.masked(m);
        if (masked != null) {
            ChatMessage original = sent.get(Notices.originalId(m));
            if (original != null) {
                session.emit(l -> l.messageFiltered(original, masked));
            }
            return;
        }
        Announcement announcement = Notices.announcement(m);
        if (announcement != null) {
            session.emit(l -> l.announcementReceived(announcement));
        }
    }
}
