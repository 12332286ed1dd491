package org.magpie.plugin.admin.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which plugins an administrator switched off, in the {@code plugin_states} table, and
 * keeps them off: the framework starts from a clean cache at every server start (so new builds
 * replace old bundles), and the plugin folder's watcher starts every plugin it finds, so a switched-
 * off plugin is stopped again as soon as it starts.
 */
@Component(service = PluginStates.class, immediate = true)
public final class PluginStates {

    private static final Logger LOG = LoggerFactory.getLogger(PluginStates.class);

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "plugins switched off by administrators",
            "CREATE TABLE plugin_states (plugin VARCHAR(200) NOT NULL PRIMARY KEY, enabled BOOLEAN NOT NULL)"));

    private final DataSource dataSource;
    private final BundleContext context;
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final SynchronousBundleListener keeper = this::bundleChanged;

    @Activate
    public PluginStates(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        this.dataSource = dataSource;
        this.context = context;
        migrations.migrate("admin", MIGRATIONS);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT plugin FROM plugin_states WHERE enabled = FALSE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                disabled.add(rs.getString(1));
            }
        }
        context.addBundleListener(keeper);
        for (Bundle b : context.getBundles()) {
            keepOff(b);
        }
    }

    @Deactivate
    void stop() {
        context.removeBundleListener(keeper);
    }

    /** Records the administrator's choice; the caller starts or stops the bundle. */
    void remember(String symbolicName, boolean enabled) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE plugin_states SET enabled = ? WHERE plugin = ?")) {
                up.setBoolean(1, enabled);
                up.setString(2, symbolicName);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement("INSERT INTO plugin_states (plugin, enabled) VALUES (?, ?)")) {
                        in.setString(1, symbolicName);
                        in.setBoolean(2, enabled);
                        in.executeUpdate();
                    }
                }
            }
        }
        if (enabled) {
            disabled.remove(symbolicName);
        } else {
            disabled.add(symbolicName);
        }
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED) {
            keepOff(event.getBundle());
        }
    }

    private void keepOff(Bundle b) {
        if (b.getState() != Bundle.ACTIVE || !disabled.contains(b.getSymbolicName())) {
            return;
        }
        // not on the framework's event thread: stopping from within a bundle event would wait on itself
        Thread.ofVirtual().name("magpie-plugin-keep-off").start(() -> {
            try {
                b.stop(Bundle.STOP_TRANSIENT);
                LOG.info("plugin {} kept off, as an administrator switched it", b.getSymbolicName());
            } catch (BundleException | IllegalStateException e) {
                LOG.error("plugin {} should be off but could not be stopped", b.getSymbolicName(), e);
            }
        });
    }
}
