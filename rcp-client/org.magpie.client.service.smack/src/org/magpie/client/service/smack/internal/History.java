package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
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
 * History and the inbox: the {@link HistoryService} face of the {@link Archive} (pages of chats and
 * groups), the {@link Inbox} (unread counts, reads here and elsewhere) and the {@link MessageKinds}
 * of live and archived messages. The messaging service hands every logged-in connection over with
 * {@link #online} and says when the session ended with {@link #offline}.
 *
 * <p>Listeners are called on the service's event thread, in order with its other events.
 */
public final class History implements HistoryService, SessionKeeper.Feature {

    private static final Logger LOG = Logger.getLogger(History.class.getName());

    private final Executor events;
    private final Executor work;
    private final GroupService groups;
    private final List<HistoryListener> listeners = new CopyOnWriteArrayList<>();
    private final MessageKinds kinds = new MessageKinds();
    private final Archive archive = new Archive(kinds);
    private final Inbox inbox = new Inbox(this::emit);
    private final Object lock = new Object();
    // guarded by lock
    private XMPPTCPConnection connection;
    private String account;
    private String nickname;

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
        c.addSyncStanzaListener(s -> kinds.remember((Message) s), s -> s instanceof Message m && MessageKinds.hasOutOfBand(m));
        inbox.online(c);
        Async.execute(work, () -> {
            try {
                List<ConversationSummary> now = inbox.fetch(c);
                if (inbox.current(c)) {
                    emit(l -> l.inboxChanged(now));
                }
            } catch (Exception e) {
                Async.interrupted(e);
                LOG.log(Level.INFO, "The inbox could not be loaded", e);
            }
        });
    }

    /** The session ended: no inbox any more. */
    @Override
    public void offline() {
        synchronized (lock) {
            connection = null;
        }
        inbox.offline();
        emit(l -> l.inboxChanged(List.of()));
    }

    /**
     * Whether a message is the inbox's business (a read elsewhere), not a chat message or a
     * server's announcement.
     */
    public static boolean owns(Message m) {
        return Inbox.owns(m);
    }

    @Override
    public MessageKind kind(String text) {
        return kinds.of(text);
    }

    // ================================================================== HistoryService

    @Override
    public CompletableFuture<HistoryPage<ChatMessage>> chatHistory(String peer, String older, int max) {
        if (peer == null || peer.isBlank() || max < 1) {
            return invalid();
        }
        return supply(() -> {
            XMPPTCPConnection c = connection();
            String own;
            String ownNick;
            synchronized (lock) {
                own = account;
                ownNick = nickname;
            }
            return archive.chat(c, peer.strip(), older, max, own, ownNick);
        });
    }

    @Override
    public CompletableFuture<HistoryPage<GroupMessage>> groupHistory(String group, String older, int max) {
        if (group == null || group.isBlank() || max < 1) {
            return invalid();
        }
        return supply(() -> {
            XMPPTCPConnection c = connection();
            EntityBareJid room = JidCreate.entityBareFrom(group.strip());
            String own;
            synchronized (lock) {
                own = account;
            }
            return archive.group(c, room, older, max, own, groups.nicknameIn(room.toString()));
        });
    }

    @Override
    public CompletableFuture<List<ConversationSummary>> inbox() {
        return supply(() -> inbox.fetch(connection()));
    }

    @Override
    public List<ConversationSummary> lastInbox() {
        return inbox.last();
    }

    @Override
    public CompletableFuture<Void> markRead(String conversation) {
        if (conversation == null || conversation.isBlank()) {
            return invalid();
        }
        return supply(() -> {
            inbox.markRead(connection(), conversation.strip());
            return null;
        });
    }

    @Override
    public void addHistoryListener(HistoryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeHistoryListener(HistoryListener listener) {
        listeners.remove(listener);
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

    private <T> CompletableFuture<T> supply(Async.Supply<T> task) {
        // no history-specific conditions: a refusal (not a member) comes with the server's words
        return Async.supply(work, e -> Failures.map(e, Operation.SEND), task);
    }

    private static <T> CompletableFuture<T> invalid() {
        return CompletableFuture.failedFuture(new ServiceException(FailureKind.INVALID_INPUT, null));
    }
}
