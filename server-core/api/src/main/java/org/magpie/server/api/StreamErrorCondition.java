package org.magpie.server.api;

import java.util.Locale;

/** The stream error conditions of RFC 6120 section 4.9.3 that the server sends. */
public enum StreamErrorCondition {
    BAD_FORMAT, BAD_NAMESPACE_PREFIX, CONFLICT, CONNECTION_TIMEOUT, HOST_UNKNOWN, INTERNAL_SERVER_ERROR,
    INVALID_FROM, INVALID_NAMESPACE, INVALID_XML, NOT_AUTHORIZED, NOT_WELL_FORMED, POLICY_VIOLATION,
    RESOURCE_CONSTRAINT, RESTRICTED_XML, SYSTEM_SHUTDOWN, UNDEFINED_CONDITION, UNSUPPORTED_ENCODING,
    UNSUPPORTED_STANZA_TYPE, UNSUPPORTED_VERSION;

    /** The element name, e.g. {@code not-well-formed}. */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
