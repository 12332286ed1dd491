package org.magpie.server.core.session;

import java.nio.ByteBuffer;

import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.ParserLimits;
import org.magpie.server.xml.StreamHeader;
import org.magpie.server.xml.StreamListener;
import org.magpie.server.xml.XmlStreamException;
import org.magpie.server.xml.XmppStreamParser;

/**
 * The client's half of a stream: one parser per stream (a new one after STARTTLS and after SASL),
 * and what a replaced or stopped stream still reports is ignored. Used on the session's thread.
 */
final class StreamReader {

    private final ParserLimits limits;
    private final StreamListener session;
    private XmppStreamParser parser;
    private volatile Stream current;

    StreamReader(ParserLimits limits, StreamListener session) {
        this.limits = limits;
        this.session = session;
    }

    /** A new stream begins: bytes after {@code <starttls/>} or {@code <auth/>} in the same read belong to no stream. */
    void restart() {
        if (parser != null) {
            parser.stop();
        }
        Stream s = new Stream();
        current = s;
        parser = new XmppStreamParser(limits, s);
    }

    /** Nothing more is read from this connection (the session went on over another). */
    void stop() {
        current = null;
        parser.stop();
    }

    void feed(ByteBuffer bytes) throws XmlStreamException {
        parser.feed(bytes);
    }

    /** One stream's events, passed on while it is the current one. */
    private final class Stream implements StreamListener {
        @Override
        public void streamOpened(StreamHeader header) {
            if (current == this) {
                session.streamOpened(header);
            }
        }

        @Override
        public void element(Element element) {
            if (current == this) {
                session.element(element);
            }
        }

        @Override
        public void streamClosed() {
            if (current == this) {
                session.streamClosed();
            }
        }
    }
}
