/**
 * An immutable XML element tree ({@link org.magpie.server.api.xml.Element}, {@link org.magpie.server.api.xml.Text})
 * and its serialiser: what the stream parser produces and what stanzas are made of.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.magpie.server.api.xml;
