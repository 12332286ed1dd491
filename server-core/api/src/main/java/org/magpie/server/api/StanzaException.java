package org.magpie.server.api;

/** Thrown by a handler to answer a stanza with a stanza error. */
public class StanzaException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient StanzaError error;

    public StanzaException(StanzaError error) {
        super(error.condition().xmlName() + (error.texts().isEmpty() ? "" : ": " + error.texts().values().iterator().next()));
        this.error = error;
    }

    public StanzaException(StanzaError.Condition condition) {
        this(StanzaError.of(condition));
    }

    public StanzaException(StanzaError.Condition condition, String text) {
        this(StanzaError.of(condition, text));
    }

    public StanzaError error() {
        return error;
    }
}
