/**
 * Texts users read, in English and Chinese, from each plugin's resource bundles.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.magpie.server.api.text;
