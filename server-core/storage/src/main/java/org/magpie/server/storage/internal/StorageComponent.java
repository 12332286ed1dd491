package org.magpie.server.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.sql.DataSource;

import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the server's embedded Derby database and publishes it as a {@link DataSource} service
 * ({@code dataSourceName=magpie}) and a {@link SchemaMigrations} service with the same property.
 *
 * <p>The services are registered by hand rather than by DS because they are two objects made here
 * (the database and its migrations) with one lifecycle: both appear once the database is booted and
 * both go before it is shut down, so no consumer ever holds a service whose database is closed.
 */
@Component(immediate = true, configurationPid = StorageComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageConfig.class)
public final class StorageComponent {

    static final String PID = "org.magpie.storage";
    /** Framework property naming the server's data folder; relative paths are taken from the working directory. */
    static final String DATA_DIR_PROPERTY = "magpie.data.dir";
    static final String DEFAULT_DATA_DIR = "data";
    /** Service property that tells consumers which database this is. */
    static final String DATA_SOURCE_NAME = "dataSourceName";
    static final String NAME = "magpie";

    private static final Logger LOG = LoggerFactory.getLogger(StorageComponent.class);

    private final DerbyDatabase database;
    private final ServiceRegistration<DataSource> dataSourceRegistration;
    private final ServiceRegistration<SchemaMigrations> migrationsRegistration;

    @Activate
    public StorageComponent(BundleContext context, StorageConfig config) throws IOException, SQLException {
        Path dataDir = dataDir(context.getProperty(DATA_DIR_PROPERTY));
        routeDerbyLog(dataDir.resolve("logs"));
        database = new DerbyDatabase(dataDir.resolve("db"), PoolSettings.of(config));
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(DATA_SOURCE_NAME, NAME);
            dataSourceRegistration = context.registerService(DataSource.class, database.dataSource(), properties);
            migrationsRegistration = context.registerService(SchemaMigrations.class,
                    new DerbySchemaMigrations(database.dataSource()), properties);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** New pool limits take effect at once, without restarting the database and everything using it. */
    @Modified
    void modified(StorageConfig config) {
        PoolSettings settings = PoolSettings.of(config);
        database.resize(settings);
        LOG.info("storage: up to {} connections at once, a caller waits at most {} s for one",
                settings.size(), settings.timeout().toSeconds());
    }

    @Deactivate
    void deactivate() {
        unregister(migrationsRegistration);
        unregister(dataSourceRegistration);
        database.close();
        // the engine lives in this bundle and serves nobody else
        DerbyDatabase.shutdownEngine();
    }

    static Path dataDir(String configured) {
        String dir = configured == null || configured.isBlank() ? DEFAULT_DATA_DIR : configured.strip();
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * Sends Derby's own log to {@code logs/derby.log} instead of the working directory. These are
     * JVM-wide system properties read when the engine boots, so a value set by the administrator
     * (command line, launcher configuration) wins.
     */
    static void routeDerbyLog(Path logs) throws IOException {
        Files.createDirectories(logs);
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", logs.resolve("derby.log").toString());
        }
        // keep earlier boots' messages: the log is most useful after something went wrong
        if (System.getProperty("derby.infolog.append") == null) {
            System.setProperty("derby.infolog.append", "true");
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
