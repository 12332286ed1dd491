/**
 * Storage contracts: versioned schema migrations per module, and {@link org.magpie.server.api.storage.Jdbc}
 * for the statements every store runs. Plugins reach the database through
 * the {@code javax.sql.DataSource} service (never DriverManager, which does not work across bundles).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.magpie.server.api.storage;
