package org.magpie.client.service;

/** Why the server ended a session for good (no automatic reconnect follows). */
public enum SessionEnd {
    /** The same account logged in from another place. */
    LOGGED_IN_ELSEWHERE,
    /** The account was removed. */
    ACCOUNT_REMOVED,
    /** The user logged out. */
    LOGGED_OUT
}
