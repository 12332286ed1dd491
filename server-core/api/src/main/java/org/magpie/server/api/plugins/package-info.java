/**
 * The plugin lifecycle the core owns: which plugins run, switched at runtime and remembered for the
 * next start (a switched-off plugin is installed but never started).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.magpie.server.api.plugins;
