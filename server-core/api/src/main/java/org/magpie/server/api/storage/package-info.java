/**
 * Storage contracts: versioned schema migrations per module. Plugins reach the database through
 * the {@code javax.sql.DataSource} service (never DriverManager, which does not work across bundles).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.magpie.server.api.storage;
