package org.magpie.client.service.smack.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;

/** The session's friend requests that the user has not answered yet, by requester. */
public final class FriendRequests {

    private final Map<String, FriendRequest> requests = new LinkedHashMap<>();

    public synchronized void received(FriendRequest request) {
        requests.put(request.from(), request);
    }

    public synchronized void answered(String requester) {
        requests.remove(requester);
    }

    /** Forgets the requests answered in another session of this account: the contact sees this user now. */
    public synchronized void answeredElsewhere(List<Contact> contacts) {
        for (Contact c : contacts) {
            if (c.subscription() == Contact.Subscription.FROM || c.subscription() == Contact.Subscription.BOTH) {
                requests.remove(c.account());
            }
        }
    }

    public synchronized List<FriendRequest> list() {
        return List.copyOf(requests.values());
    }

    public synchronized void clear() {
        requests.clear();
    }
}
