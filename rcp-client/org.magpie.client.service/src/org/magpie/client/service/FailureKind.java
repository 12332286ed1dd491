package org.magpie.client.service;

/** Why an operation failed, in terms a dialog can explain to a user. */
public enum FailureKind {
    /** Username or password wrong. */
    WRONG_CREDENTIALS,
    /** Too many failed logins; wait before trying again. */
    LOCKED_OUT,
    /** No server answers at that host and port, or the connection broke. */
    UNREACHABLE,
    /** The server's certificate could not be trusted or TLS failed. */
    TLS_FAILED,
    /** The account name is taken. */
    ACCOUNT_TAKEN,
    /** The server does not let clients create accounts. */
    REGISTRATION_DISABLED,
    /** The server refused the password (policy); its message says the rule. */
    WEAK_PASSWORD,
    /** The account name is not a valid name, or a required field is missing. */
    INVALID_INPUT,
    /** There is no account with that address (e.g. a friend request to it). @since 1.2 */
    NO_SUCH_ACCOUNT,
    /** The other account is already this user's friend. @since 1.2 */
    ALREADY_FRIENDS,
    /** The group number is taken by another group (it is never taken over). @since 1.3 */
    GROUP_NUMBER_TAKEN,
    /** There is no group with that number. @since 1.3 */
    NO_SUCH_GROUP,
    /** This user is banned from the group. @since 1.3 */
    BANNED,
    /** The group lets in only its members and invited people. @since 1.3 */
    MEMBERS_ONLY,
    /**
     * The server does not offer this feature now (e.g. its plugin is switched off), or not to this user.
     * @since 1.3
     */
    UNAVAILABLE,
    /** The file is larger than the server accepts; the server's text names the limit. @since 1.5 */
    FILE_TOO_LARGE,
    /** The user's files on the server would exceed the quota. @since 1.5 */
    QUOTA_EXCEEDED,
    /** The server does not take files of this type. @since 1.5 */
    FILE_TYPE_REFUSED,
    /** The server refused access (e.g. a group's file to someone not a member). @since 1.5 */
    ACCESS_DENIED,
    /** A downloaded file's SHA-256 is not the one its message carried. @since 1.5 */
    HASH_MISMATCH,
    /** The server did not answer in time. */
    TIMEOUT,
    /** Anything else; the message has the detail. */
    OTHER
}
