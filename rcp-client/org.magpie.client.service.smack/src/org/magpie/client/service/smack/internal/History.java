package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.provider.ProviderManager;
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
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * History and the inbox: pages of the user's own archive (XEP-0313 without {@code to}, filtered by
 * {@code with}) and of a group's archive (the same query sent to the group), newest page first with
 * RSM {@code before}; the Magpie inbox ({@code urn:magpie:inbox:0}) fetched after every login, reads
 * told to the server, and reads in the user's other sessions (headlines from the own bare address).
 * The messaging service hands every logged-in connection over with {@link #online} and says when
 * the session ended with {@link #offline}.
 *
 * <p>Listeners are called on the service's event thread, in order with its other events.
 */
public final class History implements HistoryService, SessionKeeper.Feature {

    private static final Logger LOG = Logger.getLogger(History.class.getName());
    private static final int MAX_PAGE = 100;
    private static final int KINDS_KEPT = 500;

    private final Executor events;
    private final Executor work;
    private final GroupService groups;
    private final List<HistoryListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // guarded by lock
    private XMPPTCPConnection connection;
    private String account;
    private String nickname;
    private final Map<String, ConversationSummary> inbox = new LinkedHashMap<>();
    /** Kinds that messages' out-of-band data told, by text (the link); the latest few hundred. */
    private final Map<String, MessageKind> kinds = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageKind> eldest) {
            return size() > KINDS_KEPT;
        }
    };

    /**
     * @param events runs listener calls one at a time, in order (the service's event thread)
     * @param work   runs blocking work (the service's worker threads)
     * @param groups the same session's groups: the user's nickname in each tells its own lines
     */
    public History(Executor events, Executor work, GroupService groups) {
        this.events = events;
        this.work = work;
        this.groups = groups;
    }

    /** Once per JVM: parsers for the inbox and the out-of-band element. */
    public static void registerProviders() {
        ProviderManager.addIQProvider("inbox", InboxIq.NAMESPACE, new InboxIq.Provider());
        ProviderManager.addExtensionProvider("read", InboxIq.NAMESPACE, new PlainElement());
        ProviderManager.addExtensionProvider("x", PlainElement.OOB_NAMESPACE, new PlainElement());
    }

    // ================================================================== from the messaging service

    /** A connection logged in (first login or reconnection): listen for reads elsewhere, fetch the inbox. */
    @Override
    public void online(XMPPTCPConnection c, String ownAccount, String ownNickname) {
        synchronized (lock) {
            connection = c;
            account = ownAccount;
            nickname = ownNickname;
        }
        // live chat and group messages: what their out-of-band data says they carry, for previews
        c.addSyncStanzaListener(s -> remember((Message) s), s -> s instanceof Message m && m.getBody() != null
                && m.getExtensionElement("x", PlainElement.OOB_NAMESPACE) != null);
        c.addSyncStanzaListener(s -> readElsewhere(c, (Message) s), s -> s instanceof Message m
                && m.getType() == Message.Type.headline && m.getFrom() != null
                && m.getFrom().equals(c.getUser().asBareJid())
                && m.getExtensionElement("read", InboxIq.NAMESPACE) != null);
        try {
            work.execute(() -> {
                try {
                    List<ConversationSummary> now = fetch(c);
                    synchronized (lock) {
                        if (connection != c) {
                            return;
                        }
                        inbox.clear();
                        now.forEach(s -> inbox.put(s.conversation(), s));
                    }
                    emit(l -> l.inboxChanged(now));
                } catch (Exception e) {
                    interrupted(e);
                    LOG.log(Level.INFO, "The inbox could not be loaded", e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the service is closing
        }
    }

    /** The session ended: no inbox any more. */
    @Override
    public void offline() {
        synchronized (lock) {
            connection = null;
            inbox.clear();
        }
        emit(l -> l.inboxChanged(List.of()));
    }

    /**
     * Whether a message is the inbox's business (a read elsewhere), not a chat message or a
     * server's announcement.
     */
    public static boolean owns(Message m) {
        return m.getType() == Message.Type.headline && m.getExtensionElement("read", InboxIq.NAMESPACE) != null;
    }

    /** The kind of a received or archived message: text, or a link to an image or a file. */
    public static MessageKind kind(Message m) {
        String oob = null;
        ExtensionElement x = m.getExtensionElement("x", PlainElement.OOB_NAMESPACE);
        if (x instanceof StandardExtensionElement se && se.getFirstElement("url") != null) {
            oob = se.getFirstElement("url").getText();
        }
        return MessageKind.of(m.getBody(), oob);
    }

    /** Remembers the kind of a message with out-of-band data (by its text), so that {@link #kind(String)} knows it. */
    private void remember(Message m) {
        if (m.getBody() == null || m.getExtensionElement("x", PlainElement.OOB_NAMESPACE) == null) {
            return;
        }
        MessageKind k = kind(m);
        if (k != MessageKind.TEXT) {
            synchronized (kinds) {
                kinds.put(m.getBody().strip(), k);
            }
        }
    }

    @Override
    public MessageKind kind(String text) {
        if (text == null) {
            return MessageKind.TEXT;
        }
        MessageKind told;
        synchronized (kinds) {
            told = kinds.get(text.strip());
        }
        return told != null ? told : MessageKind.of(text);
    }

    private void readElsewhere(XMPPTCPConnection c, Message m) {
        ExtensionElement e = m.getExtensionElement("read", InboxIq.NAMESPACE);
        String conversation = e instanceof StandardExtensionElement se ? se.getAttributeValue("jid") : null;
        if (conversation == null || conversation.isBlank()) {
            return;
        }
        synchronized (lock) {
            if (connection != c) {
                return;
            }
            ConversationSummary known = inbox.get(conversation);
            if (known != null) {
                inbox.put(conversation, known.withUnread(0));
            }
        }
        emit(l -> l.readElsewhere(conversation));
    }

    // ================================================================== HistoryService

    @Override
    public CompletableFuture<HistoryPage<ChatMessage>> chatHistory(String peer, String older, int max) {
        CompletableFuture<HistoryPage<ChatMessage>> result = new CompletableFuture<>();
        if (peer == null || peer.isBlank() || max < 1) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            EntityBareJid with = JidCreate.entityBareFrom(peer.strip());
            MamQuery query = MamManager.getInstanceFor(c).queryArchive(args(with, older, max));
            String own;
            String ownNick;
            synchronized (lock) {
                own = account;
                ownNick = nickname;
            }
            List<ChatMessage> messages = new ArrayList<>();
            for (Forwarded<Message> f : query.getPage().getForwarded()) {
                Message m = f.getForwardedStanza();
                if (m.getBody() == null || m.getFrom() == null) {
                    continue;
                }
                remember(m);
                String sender = m.getFrom().asBareJid().toString();
                boolean mine = sender.equals(own);
                String nick = mine ? ownNick : Contacts.nickname(m);
                if (nick == null) {
                    nick = localpart(sender);
                }
                messages.add(new ChatMessage(with.toString(), sender, nick, m.getBody(), time(f, m), mine));
            }
            result.complete(new HistoryPage<>(messages, older(query)));
        });
        return result;
    }

    @Override
    public CompletableFuture<HistoryPage<GroupMessage>> groupHistory(String group, String older, int max) {
        CompletableFuture<HistoryPage<GroupMessage>> result = new CompletableFuture<>();
        if (group == null || group.isBlank() || max < 1) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            EntityBareJid room = JidCreate.entityBareFrom(group.strip());
            MamQuery query = MamManager.getInstanceFor(c, room).queryArchive(args(null, older, max));
            String own;
            synchronized (lock) {
                own = account;
            }
            String ownNick = groups.nicknameIn(room.toString());
            List<GroupMessage> messages = new ArrayList<>();
            for (Forwarded<Message> f : query.getPage().getForwarded()) {
                Message m = f.getForwardedStanza();
                if (m.getBody() == null) {
                    continue;
                }
                remember(m);
                messages.add(groupMessage(room.toString(), m, time(f, m), own, ownNick));
            }
            result.complete(new HistoryPage<>(messages, older(query)));
        });
        return result;
    }

    @Override
    public CompletableFuture<List<ConversationSummary>> inbox() {
        CompletableFuture<List<ConversationSummary>> result = new CompletableFuture<>();
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            List<ConversationSummary> now = fetch(c);
            synchronized (lock) {
                if (connection == c) {
                    inbox.clear();
                    now.forEach(s -> inbox.put(s.conversation(), s));
                }
            }
            result.complete(now);
        });
        return result;
    }

    @Override
    public List<ConversationSummary> lastInbox() {
        synchronized (lock) {
            return List.copyOf(inbox.values());
        }
    }

    @Override
    public CompletableFuture<Void> markRead(String conversation) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (conversation == null || conversation.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        String address = conversation.strip();
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            InboxIq read = InboxIq.read(address);
            c.createStanzaCollectorAndSend(read).nextResultOrThrow();
            synchronized (lock) {
                ConversationSummary known = inbox.get(address);
                if (known != null) {
                    inbox.put(address, known.withUnread(0));
                }
            }
            result.complete(null);
        });
        return result;
    }

    @Override
    public void addHistoryListener(HistoryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeHistoryListener(HistoryListener listener) {
        listeners.remove(listener);
    }

    // ================================================================== the protocol

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
        if (event != null && ("joined".equals(event.type()) || "left".equals(event.type())) && event.nick() != null) {
            GroupMessage.Kind kind = "joined".equals(event.type()) ? GroupMessage.Kind.JOINED : GroupMessage.Kind.LEFT;
            return new GroupMessage(group, event.jid(), event.nick(), m.getBody(), time,
                    own != null && own.equals(event.jid()), kind, true);
        }
        Resourcepart nick = m.getFrom() == null ? null : m.getFrom().getResourceOrNull();
        String writer = nick != null ? nick.toString() : localpart(group);
        boolean mine = nick != null && writer.equals(ownNick);
        return new GroupMessage(group, null, writer, m.getBody(), time, mine, GroupMessage.Kind.MESSAGE, true);
    }

    private List<ConversationSummary> fetch(XMPPTCPConnection c) throws Exception {
        IQ answer = c.createStanzaCollectorAndSend(InboxIq.fetch()).nextResultOrThrow();
        if (!(answer instanceof InboxIq result)) {
            return List.of();
        }
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
                nick = localpart(from);
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

    // ================================================================== plumbing

    private XMPPTCPConnection connection() throws ServiceException {
        synchronized (lock) {
            if (connection == null || !connection.isAuthenticated()) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            return connection;
        }
    }

    private void emit(Consumer<HistoryListener> call) {
        Async.emit(events, listeners, call, "history");
    }

    private void submit(CompletableFuture<?> result, Async.Work task) {
        // no history-specific conditions: a refusal (not a member) comes with the server's words
        Async.submit(work, result, Operation.SEND, task);
    }

    private static String localpart(String address) {
        return Async.localpart(address);
    }

    private static void interrupted(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
