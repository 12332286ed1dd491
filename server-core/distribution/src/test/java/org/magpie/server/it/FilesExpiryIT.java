package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.osgi.framework.ServiceReference;

/**
 * The file service's housekeeping and its other settings, on a server of its own: plain HTTP
 * ({@code files.http.tls=false}, as for tests and benchmarks), group access checks off, and a clean-up
 * job every second. Expired files are refused at once and then removed from disk, abandoned uploads
 * too, and a removed account's files go with it; forwards go with their file and with the account
 * they were for.
 */
class FilesExpiryIT {

    private static final String PASSWORD = FilesIT.PASSWORD;

    @TempDir
    static Path tmp;

    private static InProcessServer server;
    private static HttpClient http;
    private static int users;

    @BeforeAll
    static void start() throws Exception {
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of("files.http.tls", "false", "files.access.checks", "false", "files.cleanup.interval.seconds", "1",
                "files.incomplete.hours", "1"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void expiredFilesAreRefusedAtOnceAndRemovedByTheCleanUpJob() throws Exception {
        String a = user();
        byte[] content = FilesIT.bytes(50_000, 3);
        FilesIT.Uploaded f = FilesIT.upload(server, http, a, "old.bin", "application/octet-stream", content);
        assertTrue(f.get().startsWith("http://localhost:"), "plain HTTP when TLS is off: " + f.get());
        assertArrayEquals(content, http.send(FilesIT.get(f.get()).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        String id = id(f.get());
        Path bytes = server.home().resolve("data/files/" + id.substring(0, 2) + "/" + id);
        assertTrue(Files.exists(bytes));

        // a file that stays: its expiry is 30 days ahead
        FilesIT.Uploaded keep = FilesIT.upload(server, http, a, "new.bin", "application/octet-stream", content);
        Instant expires = timestamp("SELECT expires FROM files WHERE slot_id = ?", id(keep.get()));
        assertTrue(Duration.between(Instant.now(), expires).toDays() >= 29, "kept files.expire.days after upload: " + expires);

        update("UPDATE files SET expires = ? WHERE slot_id = ?", Timestamp.from(Instant.now().minusSeconds(5)), id);
        HttpResponse<String> gone = http.send(FilesIT.get(f.get()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, gone.statusCode(), "an expired file is not served, even before the clean-up ran");
        assertTrue(gone.body().contains("expired") && gone.body().contains("过期"), gone.body());
        InProcessServer.eventually(Duration.ofSeconds(15), () -> !Files.exists(bytes) && count(id) == 0);
        assertEquals(200, http.send(FilesIT.get(keep.get()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void anAbandonedUploadIsRemovedWithItsBytes() throws Exception {
        String a = user();
        String[] slot = FilesIT.slot(server, a, "half.bin", 100_000, "application/octet-stream");
        String id = id(slot[1]);
        Path bytes = halfUploaded(slot, id);

        // the clean-up job runs every second; a witness, abandoned long ago, shows when a run has passed
        // over both: once it is gone, the recent upload has been seen and left alone
        String[] witnessSlot = FilesIT.slot(server, a, "witness.bin", 100_000, "application/octet-stream");
        String witness = id(witnessSlot[1]);
        Path witnessBytes = halfUploaded(witnessSlot, witness);
        update("UPDATE files SET created = ? WHERE slot_id = ?", Timestamp.from(Instant.now().minus(Duration.ofHours(2))), witness);
        InProcessServer.eventually(Duration.ofSeconds(15), () -> !Files.exists(witnessBytes) && count(witness) == 0);
        assertTrue(Files.exists(bytes), "a recent unfinished upload waits for its continuation");
        assertEquals(1, count(id));

        update("UPDATE files SET created = ? WHERE slot_id = ?", Timestamp.from(Instant.now().minus(Duration.ofHours(2))), id);
        InProcessServer.eventually(Duration.ofSeconds(15), () -> !Files.exists(bytes) && count(id) == 0);
        HttpResponse<String> late = http.send(HttpRequest.newBuilder(URI.create(slot[0])).header("Content-Range", "bytes 50000-99999/100000")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(FilesIT.bytes(50_000, 5))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, late.statusCode(), "the slot has gone");
    }

    /** Sends the first half of the slot's 100,000 bytes; returns where the server keeps them. */
    private static Path halfUploaded(String[] slot, String id) throws Exception {
        HttpResponse<String> part = http.send(HttpRequest.newBuilder(URI.create(slot[0])).header("Content-Range", "bytes 0-49999/100000")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(FilesIT.bytes(50_000, 4))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, part.statusCode(), part.body());
        Path bytes = server.home().resolve("data/files/" + id.substring(0, 2) + "/" + id);
        assertTrue(Files.exists(bytes));
        return bytes;
    }

    @Test
    void aRemovedAccountTakesItsFilesAlong() throws Exception {
        String a = user();
        FilesIT.Uploaded f = FilesIT.upload(server, http, a, "mine.txt", "text/plain", "mine".getBytes(StandardCharsets.UTF_8));
        String id = id(f.get());
        XMPPTCPConnection c = server.login(a, PASSWORD, "desk");
        try {
            AccountManager.getInstance(c).deleteAccount();
        } finally {
            c.disconnect();
        }
        InProcessServer.eventually(Duration.ofSeconds(10), () -> count(id) == 0);
        assertEquals(404, http.send(FilesIT.get(f.get()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertTrue(Files.notExists(server.home().resolve("data/files/" + id.substring(0, 2) + "/" + id)));
    }

    @Test
    void withAccessChecksOffGroupFilesAreOpenToWhoeverHasTheUrl() throws Exception {
        String owner = user();
        String number = "8001";
        XMPPTCPConnection o = server.login(owner, PASSWORD, "desk");
        try {
            FilesIT.iq(o, JidCreate.domainBareFrom("rooms.localhost"), "create", "urn:magpie:rooms:0",
                    "number='" + number + "' name='Open'", "", org.jivesoftware.smack.packet.IQ.Type.set);
            MultiUserChatManager.getInstanceFor(o).getMultiUserChat(JidCreate.entityBareFrom(number + "@rooms.localhost"))
                    .join(Resourcepart.from("owner"));
            String slotXml = FilesIT.iq(o, JidCreate.domainBareFrom("upload.localhost"), "request", FilesIT.UPLOAD_NS,
                    "filename='plan.txt' size='4' content-type='text/plain'",
                    "<room xmlns='" + FilesIT.MAGPIE_NS + "' jid='" + number + "@rooms.localhost'/>");
            String put = FilesIT.attribute(slotXml, "put", "url");
            String get = FilesIT.attribute(slotXml, "get", "url");
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(put)).PUT(HttpRequest.BodyPublishers.ofString("plan")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals("plan", http.send(FilesIT.get(get).build(), HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            o.disconnect();
        }
    }

    @Test
    void forwardsGoWithTheFileAndWithTheAccountTheyWereFor() throws Exception {
        String owner = user();
        String friend = user();
        String second = user();
        String number = "8101";
        String room = number + "@rooms.localhost";
        XMPPTCPConnection o = server.login(owner, PASSWORD, "desk");
        XMPPTCPConnection f = server.login(friend, PASSWORD, "desk");
        XMPPTCPConnection s = server.login(second, PASSWORD, "desk");
        String kept;
        String expiring;
        try {
            FilesIT.iq(o, JidCreate.domainBareFrom("rooms.localhost"), "create", "urn:magpie:rooms:0",
                    "number='" + number + "' name='Grants'", "", org.jivesoftware.smack.packet.IQ.Type.set);
            FilesIT.befriend(server, o, f);
            FilesIT.befriend(server, o, s);
            expiring = groupFile(o, room, "old.txt");
            kept = groupFile(o, room, "kept.txt");
            for (String get : new String[] {expiring, kept}) {
                FilesIT.forward(o, "url='" + get + "'", friend + "@localhost");
                FilesIT.forward(o, "url='" + get + "'", second + "@localhost");
            }
        } finally {
            o.disconnect();
            f.disconnect();
            s.disconnect();
        }
        assertEquals(2, grants(id(expiring)));
        assertEquals(2, grants(id(kept)));

        // the file expires: the clean-up job removes it and its forwards
        update("UPDATE files SET expires = ? WHERE slot_id = ?", Timestamp.from(Instant.now().minusSeconds(5)), id(expiring));
        InProcessServer.eventually(Duration.ofSeconds(15), () -> count(id(expiring)) == 0 && grants(id(expiring)) == 0);
        assertEquals(2, grants(id(kept)), "the other file's forwards stay");

        // an account removed: what was forwarded to it goes, so a new account of that name gets nothing
        XMPPTCPConnection gone = server.login(friend, PASSWORD, "desk");
        try {
            AccountManager.getInstance(gone).deleteAccount();
        } finally {
            gone.disconnect();
        }
        InProcessServer.eventually(Duration.ofSeconds(10), () -> grants(id(kept)) == 1);
        assertEquals(0, scalar("SELECT COUNT(*) FROM file_grants WHERE grantee = ?", friend + "@localhost"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM file_grants WHERE grantee = ?", second + "@localhost"));
    }

    /** A group's file uploaded by the group's owner; its download URL. */
    private static String groupFile(XMPPTCPConnection o, String room, String name) throws Exception {
        String slotXml = FilesIT.iq(o, JidCreate.domainBareFrom("upload.localhost"), "request", FilesIT.UPLOAD_NS,
                "filename='" + name + "' size='4' content-type='text/plain'", "<room xmlns='" + FilesIT.MAGPIE_NS + "' jid='" + room + "'/>");
        assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(FilesIT.attribute(slotXml, "put", "url")))
                .PUT(HttpRequest.BodyPublishers.ofString("data")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        return FilesIT.attribute(slotXml, "get", "url");
    }

    private static int grants(String slotId) throws Exception {
        return scalar("SELECT COUNT(*) FROM file_grants WHERE slot_id = ?", slotId);
    }

    private static int scalar(String sql, String param) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String user() throws Exception {
        String name = "expiry" + ++users;
        server.register(name, PASSWORD, name);
        return name;
    }

    private static String id(String getUrl) {
        return getUrl.replaceAll(".*/files/([^/]+)/.*", "$1");
    }

    private static DataSource dataSource() throws Exception {
        ServiceReference<DataSource> ref = server.context().getServiceReferences(DataSource.class, "(dataSourceName=magpie)")
                .iterator().next();
        return server.context().getService(ref);
    }

    private static void update(String sql, Object... params) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static int count(String slotId) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM files WHERE slot_id = ?")) {
            ps.setString(1, slotId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Instant timestamp(String sql, String slotId) throws Exception {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, slotId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }
}
