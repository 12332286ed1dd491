package org.magpie.client.model;

import java.util.List;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;

/**
 * The main window's logic: the status line, chat tabs that open or get marked when a message
 * arrives, sending, and what happens when the server ends the session.
 */
public final class MessengerPresenter implements MessagingListener {

    /** What the main window does for the presenter; always called through {@link Ui}. */
    public interface View {
        void status(ConnectionState state, String text);

        /** Makes sure a tab for the conversation exists, with these messages; brings it to front if asked. */
        void showChat(String conversation, String title, List<ChatMessage> history, boolean toFront);

        /** Adds a message to the conversation's tab (which exists, except for {@link #sentElsewhere}'s). */
        void append(ChatMessage message);

        /** Shows how many unread messages a conversation has (0: none) and the total. */
        void unread(String conversation, int count, int total);

        void sendFailed(String conversation, String text);

        /** The server ended the session; say why and, unless the user logged out, return to login. */
        void sessionEnded(String text, SessionEnd reason);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    private final Conversations conversations = new Conversations();

    public MessengerPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void start() {
        service.addListener(this);
        ui.execute(() -> view.status(service.state(), statusText(service.state())));
    }

    public void stop() {
        service.removeListener(this);
    }

    public Conversations conversations() {
        return conversations;
    }

    /**
     * Opens (or brings to front) the chat with an account typed by the user; without a domain,
     * the own account's domain is meant.
     *
     * @return the conversation's bare address
     */
    public String openChat(String account) {
        String conversation = qualified(account.strip());
        conversations.opened(conversation);
        view.showChat(conversation, title(conversation), conversations.messages(conversation), true);
        return conversation;
    }

    /**
     * Opens (or brings to front) the chat with a contact, titled with the contact's nickname.
     *
     * @param account  the contact's bare address
     * @param nickname the tab's title
     */
    public String openChat(String account, String nickname) {
        String conversation = qualified(account.strip());
        conversations.opened(conversation);
        view.showChat(conversation, title(conversation, nickname), conversations.messages(conversation), true);
        return conversation;
    }

    public void chatActivated(String conversation) {
        conversations.activated(conversation);
        view.unread(conversation, 0, conversations.totalUnread());
    }

    public void chatClosed(String conversation) {
        conversations.closed(conversation);
    }

    /** Sends what was typed; blank text is not sent. */
    public void send(String conversation, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        service.send(conversation, text.strip()).whenComplete((sent, failure) -> ui.execute(() -> {
            if (failure != null) {
                view.sendFailed(conversation, texts.get("send.failed", new FailureTexts(texts).describe(failure, null)));
            } else {
                conversations.add(sent);
                view.append(sent);
            }
        }));
    }

    /**
     * A message this user sent by other means than {@link #send} (a file's link once uploaded, a
     * forwarded file): it joins the conversation and, if there is one, its tab like a typed one.
     */
    public void sentElsewhere(ChatMessage sent) {
        conversations.add(sent);
        view.append(sent);
    }

    public void logout() {
        service.logout();
    }

    // ------------------------------------------------------------------ MessagingListener (background thread)

    @Override
    public void stateChanged(ConnectionState state) {
        ui.execute(() -> view.status(state, statusText(state)));
    }

    @Override
    public void messageReceived(ChatMessage message) {
        ui.execute(() -> {
            String conversation = message.conversation();
            conversations.add(message);
            if (!conversations.isOpen(conversation)) {
                conversations.opened(conversation);
                // the new tab holds the message already; it opens behind the one being read
                view.showChat(conversation, title(conversation, message.senderNickname()),
                        conversations.messages(conversation), false);
            } else {
                view.append(message);
            }
            int unread = conversations.unread(conversation);
            if (unread > 0) {
                view.unread(conversation, unread, conversations.totalUnread());
            }
        });
    }

    @Override
    public void messageFailed(ChatMessage message, ServiceException reason) {
        ui.execute(() -> view.sendFailed(message.conversation(),
                texts.get("send.failed", new FailureTexts(texts).describe(reason, null))));
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        ui.execute(() -> {
            conversations.clear();
            view.sessionEnded(texts.get("ended." + reason.name()), reason);
        });
    }

    // ------------------------------------------------------------------ helpers

    private String statusText(ConnectionState state) {
        String account = service.account();
        return texts.get("status." + state.name(), account == null ? "" : account);
    }

    private String qualified(String account) {
        if (account.indexOf('@') >= 0) {
            return account.toLowerCase(java.util.Locale.ROOT);
        }
        String own = service.account();
        String domain = own == null || own.indexOf('@') < 0 ? "localhost" : own.substring(own.indexOf('@') + 1);
        return (account + "@" + domain).toLowerCase(java.util.Locale.ROOT);
    }

    private String title(String conversation) {
        List<ChatMessage> known = conversations.messages(conversation);
        for (int i = known.size() - 1; i >= 0; i--) {
            if (!known.get(i).own()) {
                return title(conversation, known.get(i).senderNickname());
            }
        }
        return Accounts.localpart(conversation);
    }

    private static String title(String conversation, String nickname) {
        return nickname == null || nickname.isBlank() ? Accounts.localpart(conversation) : nickname;
    }
}
