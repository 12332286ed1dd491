/**
 * XEP-0004 data forms as immutable values, for plugins that ask users for input or answer with
 * tables of values (ad-hoc commands, room configuration).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.magpie.server.api.forms;
