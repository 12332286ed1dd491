package org.magpie.plugin.admin.internal;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.magpie.server.api.plugins.PluginSwitch;
import org.magpie.server.api.plugins.PluginSwitch.PluginSwitchException;
import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The administrator's switch for plugins: the core's {@link PluginSwitch} starts or stops the plugin and
 * remembers the choice, so that a switched-off plugin never starts at the next server start.
 */
@Component(service = PluginStates.class, immediate = true)
public final class PluginStates {

    /** Where earlier versions kept the choices; moved to the core's list once, at the first start. */
    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "plugins switched off by administrators",
            "CREATE TABLE plugin_states (plugin VARCHAR(200) NOT NULL PRIMARY KEY, enabled BOOLEAN NOT NULL)"));

    private final PluginSwitch pluginSwitch;

    @Activate
    public PluginStates(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference PluginSwitch pluginSwitch) throws SQLException {
        this.pluginSwitch = pluginSwitch;
        migrations.migrate("admin", MIGRATIONS);
        Jdbc jdbc = new Jdbc(dataSource);
        for (String plugin : jdbc.query("SELECT plugin FROM plugin_states WHERE enabled = FALSE", rs -> rs.getString(1))) {
            try {
                pluginSwitch.set(plugin, false);
            } catch (PluginSwitchException stillThere) {
                // a plugin no longer installed: nothing to keep off
            }
        }
        jdbc.update("DELETE FROM plugin_states");
    }

    /** Switches the plugin on or off now and for the next starts. */
    void remember(String symbolicName, boolean enabled) throws PluginSwitchException {
        pluginSwitch.set(symbolicName, enabled);
    }
}
