package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.function.Predicate;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.client.service.ChatMessage;

/**
 * Private messaging over one connection: chat messages sent with the user's XEP-0172 nickname
 * (remembered in {@link SentMessages} for a bounce), and received ones with the sender's nickname
 * and the XEP-0203 delay stamp of an offline message. The groups' messages are not chats.
 */
public final class ChatManager {

    private final XMPPTCPConnection connection;
    private final MessagingSession session;
    private final SentMessages sent;

    /**
     * @param groupsOwn whether a message is the groups' business (it comes from the groups service)
     */
    public ChatManager(XMPPTCPConnection connection, MessagingSession session, SentMessages sent, Predicate<Message> groupsOwn) {
        this.connection = connection;
        this.session = session;
        this.sent = sent;
        connection.addSyncStanzaListener(s -> received((Message) s), s -> s instanceof Message m
                && (m.getType() == Message.Type.chat || m.getType() == Message.Type.normal)
                && m.getBody() != null && m.getFrom() != null && !groupsOwn.test(m));
    }

    /** Sends a chat message to {@code to} (a bare address). */
    public ChatMessage send(String to, String text) throws Exception {
        EntityBareJid recipient = JidCreate.entityBareFrom(to.strip());
        String account = session.account();
        String nickname = session.nickname();
        Message message = connection.getStanzaFactory().buildMessageStanza()
                .to(recipient)
                .ofType(Message.Type.chat)
                .setBody(text)
                .addExtension(new Nick(nickname))
                .build();
        ChatMessage mine = new ChatMessage(recipient.toString(), account, nickname, text, Instant.now(), true);
        sent.sent(message.getStanzaId(), mine);
        connection.sendStanza(message);
        return mine;
    }

    private void received(Message m) {
        if (!session.current(connection)) {
            return;
        }
        Jid from = m.getFrom();
        String sender = from.asBareJid().toString();
        String nickname = Contacts.nickname(m);
        if (nickname == null) {
            nickname = from.getLocalpartOrNull() != null ? from.getLocalpartOrNull().toString() : sender;
        }
        DelayInformation delay = DelayInformation.from(m);
        Instant time = delay != null && delay.getStamp() != null ? delay.getStamp().toInstant() : Instant.now();
        ChatMessage message = new ChatMessage(sender, sender, nickname, m.getBody(), time, false);
        session.emit(l -> l.messageReceived(message));
    }
}
