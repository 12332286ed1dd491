/**
 * The server's TLS material as a service: one key and certificate (configured, or generated on the
 * first start) for the XMPP port and for every HTTPS port a plugin opens.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.magpie.server.api.tls;
