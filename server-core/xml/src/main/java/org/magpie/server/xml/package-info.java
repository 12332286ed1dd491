/**
 * A non-blocking XMPP stream parser: bytes in, {@link org.magpie.server.api.xml.Element} stanzas out.
 * Built on aalto-xml's asynchronous reader; no transport types appear here.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.magpie.server.xml;
