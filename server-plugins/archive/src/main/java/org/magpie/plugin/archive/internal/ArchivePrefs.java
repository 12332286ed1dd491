package org.magpie.plugin.archive.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.magpie.server.api.storage.Jdbc;

/**
 * XEP-0313 preferences, in the {@code archive_prefs} table. Only the default mode is kept
 * ({@code always}, {@code never}, {@code roster}; "always" when never set), read once per account:
 * it is asked for every message.
 */
final class ArchivePrefs {

    static final List<String> MODES = List.of("always", "never", "roster");

    private final Jdbc db;
    private final Map<String, String> modes = new ConcurrentHashMap<>();

    ArchivePrefs(Jdbc db) {
        this.db = db;
    }

    String defaultMode(String account) {
        return modes.computeIfAbsent(account, owner -> db.queryFirst(
                "SELECT default_mode FROM archive_prefs WHERE owner = ?", rs -> rs.getString(1), owner).orElse("always"));
    }

    void defaultMode(String account, String mode) {
        db.transaction("archiving mode of " + account, c -> {
            Jdbc.update(c, "DELETE FROM archive_prefs WHERE owner = ?", account);
            if (!mode.equals("always")) {
                Jdbc.update(c, "INSERT INTO archive_prefs (owner, default_mode) VALUES (?, ?)", account, mode);
            }
            return null;
        });
        modes.put(account, mode);
    }

    /**
     * One 1:1 message is one row in both parties' archives, so it is left out only when both have
     * chosen "never"; "roster" counts as "always" (friends are who one chats with).
     */
    boolean keepsNothing(String account) {
        return defaultMode(account).equals("never");
    }

    /** The account was deleted (its row goes with the archive's other rows of it). */
    void forget(String account) {
        modes.remove(account);
    }
}
