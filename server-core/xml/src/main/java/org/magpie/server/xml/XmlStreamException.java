package org.magpie.server.xml;

import java.util.Objects;
import org.magpie.server.api.StreamErrorCondition;

/** The stream cannot be parsed any further; {@link #condition()} is the stream error to send. */
public class XmlStreamException extends Exception {

    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;

    public XmlStreamException(StreamErrorCondition condition, String message) {
        this(condition, message, null);
    }

    public XmlStreamException(StreamErrorCondition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + condition.xmlName() + "]: " + getMessage();
    }
}
