package org.magpie.server.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The accounts of this server. Passwords go in and never come out: the service keeps salted SCRAM
 * keys only. Usernames are normalised (nodeprep, lower case) before use. Provided by the core.
 */
@ProviderType
public interface AccountService {

    /**
     * Normalises a username to the stored form, or fails with {@link AccountException.Reason#INVALID}
     * when it is not a valid JID localpart of 1..64 characters.
     */
    String normalize(String username) throws AccountException;

    Optional<Account> find(String username);

    default boolean exists(String username) {
        return find(username).isPresent();
    }

    /** Creates an account; {@link AccountException.Reason#CONFLICT} when the username is taken. */
    Account create(String username, String password, String nickname) throws AccountException;

    void changePassword(String username, String newPassword) throws AccountException;

    void changeNickname(String username, String nickname) throws AccountException;

    /** Deletes the account and ends its sessions. */
    void delete(String username) throws AccountException;

    /**
     * Whether the password is the account's, checked against the stored SCRAM keys: for logins
     * outside XMPP, such as the admin console. False for an unknown account.
     *
     * @since 1.3
     */
    boolean checkPassword(String username, String password);

    /** How many accounts exist. */
    long count();
}
