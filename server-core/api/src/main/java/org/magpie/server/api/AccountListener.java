package org.magpie.server.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears about changes to accounts, so a plugin can keep what it stores in step: forget everything of
 * a removed account, or show a new nickname. Called on the thread that made the change, after it is
 * stored and after the account's sessions have ended (for a removal). Register it as an OSGi
 * service; usernames are in their normalised stored form.
 */
@ConsumerType
public interface AccountListener {

    /** The account's nickname is now {@code nickname}. */
    default void nicknameChanged(String username, String nickname) {
    }

    /** The account is gone; nothing kept for it may remain readable by anyone. */
    default void accountDeleted(String username) {
    }
}
