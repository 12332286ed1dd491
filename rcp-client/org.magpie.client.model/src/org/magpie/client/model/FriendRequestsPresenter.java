package org.magpie.client.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;

/**
 * Incoming friend requests, one at a time: they queue up in the order they came and none is lost;
 * the same requester twice is one entry. Accept and Reject answer the request; Later only takes it
 * out of this session's queue, because the server delivers an unanswered request again at the next login.
 */
public final class FriendRequestsPresenter implements MessagingListener {

    /** What the notification does for the presenter; always called through {@link Ui}. */
    public interface View {
        /**
         * Shows a request.
         *
         * @param request  the request in front
         * @param text     "Nickname (account) wants to add you as a friend."
         * @param greeting the requester's words, or null
         * @param queue    how many requests wait behind it and this one, as a text ("1 of 3"), or null for one alone
         */
        void showRequest(FriendRequest request, String text, String greeting, String queue);

        /** No request waits: hide the notification. */
        void hideRequests();

        void error(String text);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    /** By requester, in the order they first came (UI thread only). */
    private final Map<String, FriendRequest> queue = new LinkedHashMap<>();

    public FriendRequestsPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    /** Listens, and shows requests that came before (at login, before the window opened). */
    public void start() {
        service.addListener(this);
        ui.execute(() -> {
            service.friendRequests().forEach(r -> queue.putIfAbsent(r.from(), r));
            refresh();
        });
    }

    public void stop() {
        service.removeListener(this);
    }

    /** The requests waiting, the one shown first. */
    public List<FriendRequest> queue() {
        return List.copyOf(queue.values());
    }

    public void accept() {
        answer(true);
    }

    public void reject() {
        answer(false);
    }

    /** Not now: the server asks again at the next login. */
    public void later() {
        FriendRequest current = current();
        if (current != null) {
            queue.remove(current.from());
            refresh();
        }
    }

    private void answer(boolean accept) {
        FriendRequest current = current();
        if (current == null) {
            return;
        }
        queue.remove(current.from());
        refresh();
        (accept ? service.acceptRequest(current.from()) : service.rejectRequest(current.from()))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        ui.execute(() -> {
                            // not answered after all: back to the front, nothing is lost
                            Map<String, FriendRequest> rest = new LinkedHashMap<>(queue);
                            queue.clear();
                            queue.put(current.from(), current);
                            queue.putAll(rest);
                            refresh();
                            view.error(texts.get("request.failed", current.nickname(),
                                    new FailureTexts(texts).describe(failure, null)));
                        });
                    }
                });
    }

    // ------------------------------------------------------------------ MessagingListener (background thread)

    @Override
    public void friendRequestReceived(FriendRequest request) {
        ui.execute(() -> {
            // the same requester again (e.g. re-delivered after a reconnection): one entry, the newest words
            queue.put(request.from(), request);
            refresh();
        });
    }

    @Override
    public void contactsChanged(List<Contact> contacts) {
        ui.execute(() -> {
            // answered in another session of this account: nothing left to ask
            boolean changed = false;
            for (Contact c : contacts) {
                if (c.subscription() == Contact.Subscription.FROM || c.subscription() == Contact.Subscription.BOTH) {
                    changed |= queue.remove(c.account()) != null;
                }
            }
            if (changed) {
                refresh();
            }
        });
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        // the next login brings the unanswered ones again
        ui.execute(() -> {
            queue.clear();
            refresh();
        });
    }

    // ------------------------------------------------------------------ helpers

    private FriendRequest current() {
        return queue.isEmpty() ? null : queue.values().iterator().next();
    }

    private void refresh() {
        FriendRequest r = current();
        if (r == null) {
            view.hideRequests();
            return;
        }
        String text = texts.get("request.text", r.nickname(), r.from());
        String count = queue.size() > 1 ? texts.get("request.queue", 1, queue.size()) : null;
        view.showRequest(r, text, r.greeting(), count);
    }
}
