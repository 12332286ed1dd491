package org.magpie.client.service.smack.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.magpie.client.service.ChatMessage;

/** The session's last sent messages by stanza id, so that an error bounce or a filter warning finds its message. */
public final class SentMessages {

    private static final int TRACKED_MESSAGES = 256;

    private final Map<String, ChatMessage> sent = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChatMessage> eldest) {
            return size() > TRACKED_MESSAGES;
        }
    };

    public synchronized void sent(String id, ChatMessage message) {
        sent.put(id, message);
    }

    /** The message sent with {@code id}, or null. */
    public synchronized ChatMessage get(String id) {
        return id == null ? null : sent.get(id);
    }

    /** The message sent with {@code id}, forgotten, or null. */
    public synchronized ChatMessage remove(String id) {
        return id == null ? null : sent.remove(id);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
