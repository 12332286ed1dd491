package org.magpie.server.core.session;

import java.util.OptionalLong;
import java.util.function.Supplier;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;

/**
 * The stream management elements (XEP-0198) a bound client sends: {@code <enable/>}, a request for
 * the server's count {@code <r/>}, and its own acknowledgement {@code <a/>}. Resumption itself is the
 * session's (it changes the connection under it); this class only hands out the resumption id.
 */
final class StreamManagementElements {

    private final StreamManagement sm;
    private final StanzaOutput output;
    private final StreamManagementSettings settings;
    private final Connection connection;
    private final LocalSession session;
    /** Registers the session for resumption and returns its id. */
    private final Supplier<String> resumable;

    StreamManagementElements(StreamManagement sm, StanzaOutput output, StreamManagementSettings settings,
            Connection connection, LocalSession session, Supplier<String> resumable) {
        this.sm = sm;
        this.output = output;
        this.settings = settings;
        this.connection = connection;
        this.session = session;
        this.resumable = resumable;
    }

    /** The XEP's failure element, with a stanza error condition inside. */
    static String failed(String condition) {
        return Element.builder("failed", StreamManagement.NS).child(Element.of(condition, Namespaces.STANZA_ERRORS))
                .build().toXml();
    }

    void handle(Element e) {
        switch (e.name()) {
            case "enable" -> enable(e);
            case "r" -> {
                if (sm.enabled()) {
                    output.answerRequest();
                } else {
                    connection.write(failed("unexpected-request"));
                }
            }
            case "a" -> acknowledged(e);
            default -> session.closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "Unexpected element " + e.name() + ".");
        }
    }

    private void acknowledged(Element e) {
        OptionalLong h = StreamManagement.count(e.attribute("h"));
        if (!sm.enabled()) {
            connection.write(failed("unexpected-request"));
        } else if (h.isEmpty()) {
            session.closeWithError(StreamErrorCondition.INVALID_XML, "The h of an acknowledgement must be a count.");
        } else if (output.acknowledged(h.getAsLong()) == StreamManagement.Ack.TOO_HIGH) {
            session.closeWithError(StreamErrorCondition.UNDEFINED_CONDITION, "handled-count-too-high: you acknowledged "
                    + h.getAsLong() + " stanzas, the server sent " + sm.sent() + ".");
        }
    }

    private void enable(Element e) {
        if (!settings.enabled()) {
            connection.write(failed("feature-not-implemented"));
            return;
        }
        if (sm.enabled()) {
            connection.write(failed("unexpected-request"));
            return;
        }
        String resume = e.attribute("resume");
        Element.Builder enabled = Element.builder("enabled", StreamManagement.NS);
        if (settings.resumable() && ("true".equals(resume) || "1".equals(resume))) {
            enabled.attribute("id", resumable.get()).attribute("resume", "true")
                    .attribute("max", Long.toString(settings.resume().toSeconds()));
        }
        output.enable(enabled.build());
    }
}
