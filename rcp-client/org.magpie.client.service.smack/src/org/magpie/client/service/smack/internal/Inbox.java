package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.MessageKind;

/**
 * The Magpie inbox ({@code urn:magpie:inbox:0}): unread counts and last messages per conversation,
 * fetched after every login, reads told to the server, and reads in the user's other sessions
 * (headlines from the own bare address). The last one fetched is kept for {@link #last()}.
 */
final class Inbox {

    private final Consumer<Consumer<HistoryListener>> emit;
    private final Map<String, ConversationSummary> inbox = new LinkedHashMap<>();
    /** The connection whose answers count (older ones' late answers do not). */
    private XMPPTCPConnection connection;

    Inbox(Consumer<Consumer<HistoryListener>> emit) {
        this.emit = emit;
    }

    /** Whether a message is the inbox's business (a read elsewhere), not a chat message or an announcement. */
    static boolean owns(Message m) {
        return m.getType() == Message.Type.headline && m.getExtensionElement("read", InboxIq.NAMESPACE) != null;
    }

    /** A new logged-in connection: hears reads elsewhere; the inbox itself comes with {@link #fetch}. */
    synchronized void online(XMPPTCPConnection c) {
        connection = c;
        c.addSyncStanzaListener(s -> readElsewhere(c, (Message) s), s -> s instanceof Message m && owns(m)
                && m.getFrom() != null && m.getFrom().equals(c.getUser().asBareJid()));
    }

    synchronized void offline() {
        connection = null;
        inbox.clear();
    }

    /** Whether {@code c} is the logged-in connection. */
    synchronized boolean current(XMPPTCPConnection c) {
        return connection == c;
    }

    synchronized List<ConversationSummary> last() {
        return List.copyOf(inbox.values());
    }

    private void readElsewhere(XMPPTCPConnection c, Message m) {
        ExtensionElement e = m.getExtensionElement("read", InboxIq.NAMESPACE);
        String conversation = e instanceof StandardExtensionElement se ? se.getAttributeValue("jid") : null;
        if (conversation == null || conversation.isBlank()) {
            return;
        }
        synchronized (this) {
            if (connection != c) {
                return;
            }
            read(conversation);
        }
        emit.accept(l -> l.readElsewhere(conversation));
    }

    /** Lock held. */
    private void read(String conversation) {
        ConversationSummary known = inbox.get(conversation);
        if (known != null) {
            inbox.put(conversation, known.withUnread(0));
        }
    }

    /** Tells the server that the user read a conversation. */
    void markRead(XMPPTCPConnection c, String conversation) throws Exception {
        c.createStanzaCollectorAndSend(InboxIq.read(conversation)).nextResultOrThrow();
        synchronized (this) {
            read(conversation);
        }
    }

    /** The inbox from the server, kept as the last one when {@code c} is still the connection. */
    List<ConversationSummary> fetch(XMPPTCPConnection c) throws Exception {
        IQ answer = c.createStanzaCollectorAndSend(InboxIq.fetch()).nextResultOrThrow();
        List<ConversationSummary> now = answer instanceof InboxIq result ? summaries(c, result) : List.of();
        synchronized (this) {
            if (connection == c) {
                inbox.clear();
                now.forEach(s -> inbox.put(s.conversation(), s));
            }
        }
        return now;
    }

    private static List<ConversationSummary> summaries(XMPPTCPConnection c, InboxIq result) {
        String own = c.getUser().asEntityBareJidString();
        List<ConversationSummary> list = new ArrayList<>();
        for (InboxIq.Entry e : result.entries()) {
            String jid = e.attributes().get("jid");
            if (jid == null || jid.isBlank()) {
                continue;
            }
            boolean group = "groupchat".equals(e.attributes().get("type"));
            int unread = count(e.attributes().get("unread"));
            String from = e.last().get("from");
            String nick = e.last().get("nick");
            if ((nick == null || nick.isBlank()) && from != null) {
                nick = Async.localpart(from);
            }
            Instant stamp = instant(e.last().get("stamp"));
            list.add(new ConversationSummary(jid, group, unread, e.body(), from, nick, MessageKind.of(e.body()), stamp,
                    own.equals(from)));
        }
        return List.copyOf(list);
    }

    private static int count(String value) {
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String stamp) {
        try {
            return stamp == null || stamp.isBlank() ? null : Instant.parse(stamp.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
