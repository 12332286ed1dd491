package org.magpie.plugin.pep.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.magpie.plugin.pep.internal.NodeConfig.AccessModel;
import org.magpie.plugin.pep.internal.NodeConfig.SendLast;
import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;

/**
 * The plugin's tables: {@code pep_nodes} (each account's nodes and their configuration),
 * {@code pep_items} (their items as XML, {@code seq} orders them by publication) and {@code private_xml}
 * (XEP-0049 elements, keyed by {@code <name> <namespace>}). Owners are bare JIDs.
 * SQL failures come out as unchecked {@link StorageException}s.
 */
final class PepStore {

    static final String MODULE = "pep";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "PEP nodes and items, private XML storage",
            """
            CREATE TABLE pep_nodes (
              owner VARCHAR(512) NOT NULL,
              node VARCHAR(255) NOT NULL,
              access_model VARCHAR(16) NOT NULL,
              max_items INT NOT NULL,
              persist_items CHAR(1) NOT NULL,
              send_last VARCHAR(32) NOT NULL,
              PRIMARY KEY (owner, node))""",
            """
            CREATE TABLE pep_items (
              owner VARCHAR(512) NOT NULL,
              node VARCHAR(255) NOT NULL,
              item_id VARCHAR(255) NOT NULL,
              seq BIGINT NOT NULL,
              publisher VARCHAR(1024) NOT NULL,
              payload CLOB NOT NULL,
              PRIMARY KEY (owner, node, item_id))""",
            "CREATE INDEX pep_items_order ON pep_items (owner, node, seq)",
            """
            CREATE TABLE private_xml (
              owner VARCHAR(512) NOT NULL,
              element_key VARCHAR(1024) NOT NULL,
              payload CLOB NOT NULL,
              PRIMARY KEY (owner, element_key))"""));

    /** A node of an account. */
    record StoredNode(String name, NodeConfig config) {
    }

    /** An item as stored: its id, who published it (a full JID) and the payload's XML. */
    record StoredItem(String id, String publisher, String payload) {
    }

    private final Jdbc db;
    private final AtomicLong seq;

    PepStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
        this.seq = new AtomicLong(db.queryFirst("SELECT MAX(seq) FROM pep_items", rs -> rs.getLong(1)).orElse(0L));
    }

    // ---------------------------------------------------------------- nodes

    Optional<NodeConfig> node(String owner, String node) {
        return db.queryFirst("SELECT access_model, max_items, persist_items, send_last FROM pep_nodes WHERE owner = ? AND node = ?",
                PepStore::config, owner, node);
    }

    List<StoredNode> nodes(String owner) {
        return db.query("SELECT access_model, max_items, persist_items, send_last, node FROM pep_nodes WHERE owner = ? ORDER BY node",
                rs -> new StoredNode(rs.getString(5), config(rs)), owner);
    }

    int nodeCount(String owner) {
        return db.queryFirst("SELECT COUNT(*) FROM pep_nodes WHERE owner = ?", rs -> rs.getInt(1), owner).orElse(0);
    }

    void createNode(String owner, String node, NodeConfig config) {
        db.update("INSERT INTO pep_nodes (owner, node, access_model, max_items, persist_items, send_last) VALUES (?, ?, ?, ?, ?, ?)",
                owner, node, config.access().xmlName(), config.maxItems(), config.persist() ? "Y" : "N", config.sendLast().xmlName());
    }

    /** Stores a new configuration and drops the items it no longer keeps. */
    void configure(String owner, String node, NodeConfig config) {
        db.transaction("configure a PEP node", c -> {
            Jdbc.update(c, "UPDATE pep_nodes SET access_model = ?, max_items = ?, persist_items = ?, send_last = ? WHERE owner = ? AND node = ?",
                    config.access().xmlName(), config.maxItems(), config.persist() ? "Y" : "N", config.sendLast().xmlName(), owner, node);
            trim(c, owner, node, config.kept());
            return null;
        });
    }

    boolean deleteNode(String owner, String node) {
        return db.transaction("delete a PEP node", c -> {
            Jdbc.update(c, "DELETE FROM pep_items WHERE owner = ? AND node = ?", owner, node);
            return Jdbc.update(c, "DELETE FROM pep_nodes WHERE owner = ? AND node = ?", owner, node) > 0;
        });
    }

    // ---------------------------------------------------------------- items

    /** Stores an item (replacing one with the same id, which becomes the newest) and keeps the newest {@code kept}. */
    void publish(String owner, String node, StoredItem item, int kept) {
        db.transaction("publish a PEP item", c -> {
            Jdbc.update(c, "DELETE FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?", owner, node, item.id());
            Jdbc.update(c, "INSERT INTO pep_items (owner, node, item_id, seq, publisher, payload) VALUES (?, ?, ?, ?, ?, ?)",
                    owner, node, item.id(), seq.incrementAndGet(), item.publisher(), item.payload());
            trim(c, owner, node, kept);
            return null;
        });
    }

    private static void trim(Connection c, String owner, String node, int kept) throws SQLException {
        List<String> old = Jdbc.query(c, "SELECT item_id FROM pep_items WHERE owner = ? AND node = ? ORDER BY seq DESC OFFSET ? ROWS",
                rs -> rs.getString(1), owner, node, kept);
        for (String id : old) {
            Jdbc.update(c, "DELETE FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?", owner, node, id);
        }
    }

    boolean retract(String owner, String node, String itemId) {
        return db.update("DELETE FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?", owner, node, itemId) > 0;
    }

    /** The newest {@code max} items, oldest first. */
    List<StoredItem> items(String owner, String node, int max) {
        List<StoredItem> newest = db.query("SELECT item_id, publisher, payload FROM pep_items WHERE owner = ? AND node = ? "
                + "ORDER BY seq DESC FETCH FIRST " + Math.max(1, max) + " ROWS ONLY", PepStore::item, owner, node);
        return newest.reversed();
    }

    Optional<StoredItem> item(String owner, String node, String itemId) {
        return db.queryFirst("SELECT item_id, publisher, payload FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?",
                PepStore::item, owner, node, itemId);
    }

    Optional<StoredItem> last(String owner, String node) {
        return items(owner, node, 1).stream().findFirst();
    }

    // ---------------------------------------------------------------- private XML storage

    Optional<String> privateXml(String owner, String key) {
        return db.queryFirst("SELECT payload FROM private_xml WHERE owner = ? AND element_key = ?", rs -> rs.getString(1), owner, key);
    }

    int privateCount(String owner) {
        return db.queryFirst("SELECT COUNT(*) FROM private_xml WHERE owner = ?", rs -> rs.getInt(1), owner).orElse(0);
    }

    void savePrivateXml(String owner, String key, String xml) {
        db.transaction("store private XML", c -> {
            if (Jdbc.update(c, "UPDATE private_xml SET payload = ? WHERE owner = ? AND element_key = ?", xml, owner, key) == 0) {
                Jdbc.update(c, "INSERT INTO private_xml (owner, element_key, payload) VALUES (?, ?, ?)", owner, key, xml);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- accounts

    /** Everything a removed account kept. */
    void forget(String owner) {
        db.transaction("forget an account's PEP data", c -> {
            Jdbc.update(c, "DELETE FROM pep_items WHERE owner = ?", owner);
            Jdbc.update(c, "DELETE FROM pep_nodes WHERE owner = ?", owner);
            Jdbc.update(c, "DELETE FROM private_xml WHERE owner = ?", owner);
            return null;
        });
    }

    private static NodeConfig config(ResultSet rs) throws SQLException {
        return new NodeConfig(AccessModel.of(rs.getString(1)).orElse(AccessModel.WHITELIST), rs.getInt(2),
                "Y".equals(rs.getString(3)), SendLast.of(rs.getString(4)).orElse(SendLast.NEVER));
    }

    private static StoredItem item(ResultSet rs) throws SQLException {
        return new StoredItem(rs.getString(1), rs.getString(2), rs.getString(3));
    }
}
