package org.magpie.client.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the server's administration commands (XEP-0050 ad-hoc commands, XEP-0133 where one exists)
 * for the logged-in user, who must be one of the server's administrators. Every operation completes
 * with the server's own confirmation in the user's language (or null when it gave none), or fails
 * with a {@link ServiceException} whose {@link ServiceException#serverText()} says why (e.g. "The
 * account bob exists already."). Nothing blocks the caller.
 *
 * @since 1.3
 */
public interface ServerAdministration {

    /**
     * Whether the server offers the administration commands to the logged-in user, i.e. the user is an
     * administrator. False while offline.
     */
    CompletableFuture<Boolean> isAdministrator();

    /** The server's plugins with their version and state, by name. */
    CompletableFuture<List<PluginInfo>> plugins();

    /**
     * Switches a plugin on or off at once, without dropping any session; the server remembers the choice
     * across restarts. Switching off {@code admin} or {@code commands} is refused.
     *
     * @param name the plugin's short name, e.g. {@code weather}
     */
    CompletableFuture<String> switchPlugin(String name, boolean enabled);

    /**
     * Creates an account.
     *
     * @param account  {@code bob} or {@code bob@domain}
     * @param nickname the nickname others see
     */
    CompletableFuture<String> addUser(String account, String password, String nickname);

    /** Deletes accounts (and ends their sessions); this cannot be undone. */
    CompletableFuture<String> deleteUsers(List<String> accounts);

    /** Gives an account a new password (e.g. for a user who forgot it). */
    CompletableFuture<String> changePassword(String account, String password);

    /** Logs the accounts out everywhere; they may log in again. */
    CompletableFuture<String> endSessions(List<String> accounts);

    /**
     * Sends an announcement to everybody online now (they get it through
     * {@link MessagingListener#announcementReceived}).
     *
     * @param subject a title, or null
     */
    CompletableFuture<String> announce(String subject, String text);

    /** Makes the server read its sensitive-word lists again. */
    CompletableFuture<String> reloadWords();
}
