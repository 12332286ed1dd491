package org.magpie.server.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component with a stand-in BundleContext that records registrations: no framework needed. */
class StorageComponentTest {

    @AfterAll
    static void engineDown() {
        DerbyDatabase.shutdownEngine();
    }

    record Registration(Class<?> type, Object service, Dictionary<String, ?> properties, boolean[] unregistered) {
    }

    private final List<Registration> registrations = new ArrayList<>();

    private BundleContext context(String dataDir) {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> StorageComponent.DATA_DIR_PROPERTY.equals(args[0]) ? dataDir : null;
                    case "registerService" -> {
                        boolean[] unregistered = {false};
                        @SuppressWarnings("unchecked")
                        Registration r = new Registration((Class<?>) args[0], args[1], (Dictionary<String, ?>) args[2],
                                unregistered);
                        registrations.add(r);
                        yield Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered[0] = true;
                                    }
                                    return null;
                                });
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static StorageConfig config(int poolSize) {
        return new StorageConfig() {
            @Override
            public int pool_size() {
                return poolSize;
            }

            @Override
            public int pool_timeout_seconds() {
                return 1;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return StorageConfig.class;
            }
        };
    }

    @Test
    void publishesDataSourceAndMigrationsAndShutsDown(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        StorageComponent component = new StorageComponent(context(dataDir.toString()), config(2));

        assertTrue(Files.isDirectory(dataDir.resolve("db")), "database in <dataDir>/db");
        assertTrue(Files.isDirectory(dataDir.resolve("logs")), "log folder created");
        assertEquals(2, registrations.size());
        Registration ds = registrations.get(0);
        Registration sm = registrations.get(1);
        assertEquals(DataSource.class, ds.type());
        assertEquals("magpie", ds.properties().get("dataSourceName"));
        assertEquals(SchemaMigrations.class, sm.type());
        assertEquals("magpie", sm.properties().get("dataSourceName"));

        SchemaMigrations migrations = (SchemaMigrations) sm.service();
        assertEquals(1, migrations.migrate("core", List.of(Migration.of(1, "users", "CREATE TABLE users (u INT)"))));
        DataSource dataSource = (DataSource) ds.service();
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.isValid(1));
        }

        component.modified(config(1));
        try (Connection c = dataSource.getConnection()) {
            assertThrows(SQLException.class, dataSource::getConnection, "one connection at once now");
        }

        component.deactivate();
        assertTrue(ds.unregistered()[0] && sm.unregistered()[0]);
        assertThrows(SQLException.class, dataSource::getConnection);
    }

    @Test
    void dataDirDefaultsToDataInTheWorkingDirectory() {
        assertEquals(Path.of("data").toAbsolutePath(), StorageComponent.dataDir(null));
        assertEquals(Path.of("data").toAbsolutePath(), StorageComponent.dataDir("  "));
        assertEquals(Path.of("/srv/magpie/data"), StorageComponent.dataDir("/srv/magpie/data/"));
    }

    @Test
    void derbyLogSettingOfTheAdministratorWins(@TempDir Path dir) throws Exception {
        // surefire sets derby.stream.error.file (see pom.xml), standing in for an administrator's choice
        String before = System.getProperty("derby.stream.error.file");
        StorageComponent.routeDerbyLog(dir.resolve("logs"));
        assertEquals(before, System.getProperty("derby.stream.error.file"));
        assertTrue(Files.isDirectory(dir.resolve("logs")));
    }
}
