package org.magpie.server.xml;

import org.magpie.server.api.xml.Element;

/**
 * Receives the events of one XMPP stream, on the thread that calls {@link XmppStreamParser#feed}.
 * A callback may call {@link XmppStreamParser#stop()} but must not feed the same parser.
 */
public interface StreamListener {

    /** The stream header ({@code <stream:stream ...>}) is complete. Called at most once. */
    void streamOpened(StreamHeader header);

    /**
     * A complete top-level child of the stream root: a stanza, {@code <starttls/>}, {@code <auth/>}, ...
     * Elements without a namespace of their own carry the stream's default namespace.
     */
    void element(Element element);

    /** The peer sent {@code </stream:stream>}; the parser ignores whatever follows. */
    void streamClosed();
}
