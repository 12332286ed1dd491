package org.magpie.client.service;

/**
 * A failed operation: what kind of failure, and the server's own words when it sent any (for
 * example its password rule, already in the user's language when the server offers it).
 */
public class ServiceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final String serverText;

    public ServiceException(FailureKind kind, String serverText, Throwable cause) {
        super(kind + (serverText == null ? "" : ": " + serverText), cause);
        this.kind = kind;
        this.serverText = serverText;
    }

    public ServiceException(FailureKind kind, String serverText) {
        this(kind, serverText, null);
    }

    public FailureKind kind() {
        return kind;
    }

    /** The server's explanation, or null when it gave none. */
    public String serverText() {
        return serverText;
    }
}
