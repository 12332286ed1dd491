package org.magpie.client.service.smack.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.magpie.client.service.MessageKind;

/**
 * What messages carry, for previews: text, or a link to an image or a file as their out-of-band
 * data (XEP-0066) says; remembered by text (the link) for the latest few hundred messages.
 */
final class MessageKinds {

    private static final int KINDS_KEPT = 500;

    /** Kinds that messages' out-of-band data told, by text (the link). */
    private final Map<String, MessageKind> kinds = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageKind> eldest) {
            return size() > KINDS_KEPT;
        }
    };

    /** Whether a message has out-of-band data to remember. */
    static boolean hasOutOfBand(Message m) {
        return m.getBody() != null && m.getExtensionElement("x", PlainElement.OOB_NAMESPACE) != null;
    }

    /** The kind of a received or archived message: text, or a link to an image or a file. */
    static MessageKind of(Message m) {
        String oob = null;
        ExtensionElement x = m.getExtensionElement("x", PlainElement.OOB_NAMESPACE);
        if (x instanceof StandardExtensionElement se && se.getFirstElement("url") != null) {
            oob = se.getFirstElement("url").getText();
        }
        return MessageKind.of(m.getBody(), oob);
    }

    /** Remembers the kind of a message with out-of-band data (by its text), so that {@link #of(String)} knows it. */
    void remember(Message m) {
        if (!hasOutOfBand(m)) {
            return;
        }
        MessageKind k = of(m);
        if (k != MessageKind.TEXT) {
            synchronized (kinds) {
                kinds.put(m.getBody().strip(), k);
            }
        }
    }

    /** The kind of a message's text: as its out-of-band data told, else guessed from the text. */
    MessageKind of(String text) {
        if (text == null) {
            return MessageKind.TEXT;
        }
        MessageKind told;
        synchronized (kinds) {
            told = kinds.get(text.strip());
        }
        return told != null ? told : MessageKind.of(text);
    }
}
