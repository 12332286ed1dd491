package org.magpie.server.storage.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what a connection costs with and without the pool ("connection cost" in the build output).
 * These figures are why the storage bundle pools connections; the test only checks that pooling
 * is not slower, since absolute times depend on the machine.
 */
class ConnectionCostTest {

    private static final int BATCHES = 7;
    private static final int ROUNDS = 2000;

    @AfterAll
    static void engineDown() {
        DerbyDatabase.shutdownEngine();
    }

    @Test
    void pooledConnectionsAreCheaper(@TempDir Path dir) throws SQLException {
        try (DerbyDatabase db = new DerbyDatabase(dir.resolve("db"), new PoolSettings(4, Duration.ofSeconds(5)))) {
            EmbeddedDataSource plain = new EmbeddedDataSource();
            plain.setDatabaseName(db.path());
            DataSource pooled = db.dataSource();

            double[][] samples = new double[4][BATCHES];
            for (int b = 0; b < BATCHES; b++) { // interleaved, so drift hits all four alike
                samples[0][b] = micros(plain, false);
                samples[1][b] = micros(pooled, false);
                samples[2][b] = micros(plain, true);
                samples[3][b] = micros(pooled, true);
            }
            double plainOpen = median(samples[0]);
            double pooledOpen = median(samples[1]);
            System.out.printf("connection cost (embedded Derby, median of %d batches of %d, µs per use): "
                    + "getConnection+close plain %.1f, pooled %.1f; with one small query plain %.1f, pooled %.1f%n",
                    BATCHES, ROUNDS, plainOpen, pooledOpen, median(samples[2]), median(samples[3]));
            assertTrue(pooledOpen < plainOpen, "pooling should be cheaper than opening a connection");
        }
    }

    private static double micros(DataSource ds, boolean query) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            try (Connection c = ds.getConnection()) {
                if (query) {
                    try (PreparedStatement ps = c.prepareStatement("VALUES 1"); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
        }
        return (System.nanoTime() - start) / 1000.0 / ROUNDS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
