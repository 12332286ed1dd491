package org.magpie.server.api;

/** Why an account operation failed. */
public class AccountException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The username is taken. */
        CONFLICT,
        /** No such account. */
        NOT_FOUND,
        /** The username is not a valid JID localpart, or a field is empty. */
        INVALID,
        /** The database failed. */
        STORAGE
    }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AccountException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
