package org.magpie.server.xml;

import static org.magpie.server.api.StreamErrorCondition.INTERNAL_SERVER_ERROR;
import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.api.StreamErrorCondition.RESTRICTED_XML;
import static org.magpie.server.api.StreamErrorCondition.UNSUPPORTED_ENCODING;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.magpie.server.api.StreamErrorCondition;

/** Turns what aalto reports into the stream error the peer hears (RFC 6120 4.9.3). */
final class XmlErrors {

    static final String NO_DTDS = "DTDs are not allowed in XMPP (RFC 6120 11.1)";

    private XmlErrors() {
    }

    /** @param doctypeInProlog a DOCTYPE has begun before the stream header: whatever aalto says then, it is a DTD */
    static XmlStreamException classify(XMLStreamException e, boolean doctypeInProlog) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int eol = message.indexOf('\n'); // aalto appends its own location, which is wrong after a new reader
        if (eol >= 0) {
            message = message.substring(0, eol).strip();
        }
        StreamErrorCondition condition;
        if (doctypeInProlog) {
            condition = RESTRICTED_XML;
            message = NO_DTDS;
        } else if (message.startsWith("Unexpanded ENTITY_REFERENCE")) { // one in an attribute value
            condition = RESTRICTED_XML;
            message = "entity references are not allowed in XMPP (RFC 6120 11.1): " + message;
        } else if (message.startsWith("Unsupported encoding")) { // e.g. UTF-16 in the XML declaration
            condition = UNSUPPORTED_ENCODING;
        } else {
            condition = NOT_WELL_FORMED;
        }
        return new XmlStreamException(condition, message, e);
    }

    /** An event XMPP forbids (RFC 6120 11.1), or one that no stream should produce. */
    static XmlStreamException restricted(int event, String entityName) {
        String what = switch (event) {
            case XMLStreamConstants.COMMENT -> "comments";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "processing instructions";
            case XMLStreamConstants.DTD -> "DTDs";
            case XMLStreamConstants.ENTITY_REFERENCE -> "entity references (&" + entityName + ";)";
            default -> null;
        };
        if (what == null) {
            return new XmlStreamException(NOT_WELL_FORMED, "unexpected XML event " + event);
        }
        return new XmlStreamException(RESTRICTED_XML, what + " are not allowed in XMPP (RFC 6120 11.1)");
    }

    static XmlStreamException badUtf8(long streamOffset) {
        return new XmlStreamException(NOT_WELL_FORMED, "invalid UTF-8 near byte " + streamOffset);
    }

    static XmlStreamException internal(Exception e) {
        return new XmlStreamException(INTERNAL_SERVER_ERROR, "XML parser failure: " + e, e);
    }
}
