package org.magpie.server.core.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;

/**
 * The sessions a client may resume (XEP-0198), by their stream management id. An id is 128 random
 * bits, and is only good for the account that enabled it: knowing another's id gains nothing.
 */
public final class ResumableSessions {

    private record Entry(EntityBareJid account, ClientSession session) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    /** Registers the session under a new id and returns it. */
    String register(EntityBareJid account, ClientSession session) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byId.put(id, new Entry(account, session));
        return id;
    }

    /** The session of that id, when the asking account is the one that enabled it. */
    Optional<ClientSession> find(String id, EntityBareJid asker) {
        if (id == null || asker == null) {
            return Optional.empty();
        }
        Entry e = byId.get(id);
        return e != null && e.account().equals(asker) ? Optional.of(e.session()) : Optional.empty();
    }

    /** The session ended for good: its id is no longer good. */
    void forget(String id, ClientSession session) {
        if (id != null) {
            byId.computeIfPresent(id, (k, e) -> e.session() == session ? null : e);
        }
    }

    public int size() {
        return byId.size();
    }
}
