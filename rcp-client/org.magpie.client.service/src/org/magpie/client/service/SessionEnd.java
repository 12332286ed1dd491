package org.magpie.client.service;

/** Why the server ended a session for good (no automatic reconnect follows). */
public enum SessionEnd {
    /** The same account logged in from another place. */
    LOGGED_IN_ELSEWHERE,
    /** The account was removed. */
    ACCOUNT_REMOVED,
    /** An administrator ended the account's sessions (XEP-0133); logging in again is allowed. */
    ENDED_BY_ADMINISTRATOR,
    /** The user logged out. */
    LOGGED_OUT
}
