package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A database that a newer build has used (a module's recorded schema version is beyond what this
 * build knows) is refused for that module, with a message naming module and versions, and its data
 * is left as it was: here the archive plugin does not activate, while the rest of the server runs.
 */
class NewerSchemaIT {

    @Test
    void anArchiveSchemaFromTheFutureKeepsTheArchiveOffAndItsDataUntouched(@TempDir Path tmp) throws Exception {
        InProcessServer server = InProcessServer.start(tmp, Map.of());
        try {
            server.register("ann", "annpass123", "Ann");
            server.register("ben", "benpass123", "Ben");
            XMPPTCPConnection ann = server.login("ann", "annpass123", "desk");
            ann.sendStanza(ArchiveIT.chat(ann, JidCreate.entityBareFrom("ben@localhost"), "kept as it is"));
            PingManager.getInstanceFor(ann).pingMyServer();
            ann.disconnect();
            assertEquals(1, rows(server, "SELECT COUNT(*) FROM chat_history"));
            update(server, "INSERT INTO magpie_schema_version (module, version, description, applied) "
                    + "VALUES ('archive', 99, 'from a newer Magpie', CURRENT_TIMESTAMP)");

            InProcessServer restarted = server.restartExpectingBrokenPlugins();
            server = restarted;
            InProcessServer.eventually(Duration.ofSeconds(60), () -> refusal(restarted.problems()) != null);
            String refusal = refusal(restarted.problems());
            assertTrue(refusal.contains("module archive") && refusal.contains("version 99")
                    && refusal.contains("version 4"), refusal);

            XMPPTCPConnection again = server.login("ann", "annpass123", "desk"); // the rest of the server runs
            try {
                XMPPErrorException off = org.junit.jupiter.api.Assertions.assertThrows(XMPPErrorException.class,
                        () -> MamManager.getInstanceFor(again).queryArchive(MamQueryArgs.builder().build()));
                assertEquals(StanzaError.Condition.service_unavailable, off.getStanzaError().getCondition());
            } finally {
                again.disconnect();
            }
            assertEquals(1, rows(server, "SELECT COUNT(*) FROM chat_history"), "the data is untouched");
            assertEquals(99, rows(server, "SELECT MAX(version) FROM magpie_schema_version WHERE module = 'archive'"));
        } finally {
            server.close();
        }
    }

    private static String refusal(List<String> problems) {
        return problems.stream().filter(p -> p.contains("newer than version")).findFirst().orElse(null);
    }

    private static DataSource dataSource(InProcessServer server) throws Exception {
        BundleContext context = server.context();
        Collection<ServiceReference<DataSource>> refs = context.getServiceReferences(DataSource.class, "(dataSourceName=magpie)");
        return context.getService(refs.iterator().next());
    }

    private static int rows(InProcessServer server, String sql) throws Exception {
        try (Connection c = dataSource(server).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs an SQL update on the server's database (through its DataSource service); returns the row count. */
    static int update(InProcessServer server, String sql) throws Exception {
        try (Connection c = dataSource(server).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
