package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.UploadService;
import org.jivesoftware.smackx.httpfileupload.element.FileTooLargeError;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * File upload (XEP-0363 on upload.localhost) against the real server, over real sockets: Smack finds
 * the service and uploads; downloads by ranges with If-Range; uploads cut mid-body from a raw TLS
 * socket at several offsets and continued from the offset HEAD reports; a stalled upload taken over;
 * limits and quota with their texts; traversal and guessing refused; group files for members only,
 * and for those a member forwarded them to (a friend, another group); image size and preview. The
 * limits are small (1 MiB per file, 3 MiB per user) so the suite stays fast.
 */
class FilesIT {

    static final String PASSWORD = "secret123";
    static final String UPLOAD_NS = "urn:xmpp:http:upload:0";
    static final String MAGPIE_NS = "urn:magpie:files:0";
    static final long MIB = 1024 * 1024;
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger ROOMS = new AtomicInteger(7000);

    @TempDir
    static Path tmp;

    private static InProcessServer server;
    private static int httpPort;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        // the join notice's marker, which Smack 4.4 would otherwise trip over with assertions on (see RoomsIT)
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of("files.max.file.mb", "1", "files.quota.mb", "3",
                "files.types.allowed", "image/*, text/plain, application/octet-stream, application/pdf"));
        httpPort = server.filesPort();
        http = client(server.sslContext());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ================================================================ discovery, slot, upload, download

    @Test
    void smackFindsTheServiceUploadsAndTheFileComesBackWithItsHash() throws Exception {
        String a = user();
        XMPPTCPConnection c = server.login(a, PASSWORD, "desk");
        try {
            HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(c);
            assertTrue(manager.discoverUploadService(), "the upload service is found by disco");
            UploadService service = manager.getDefaultUploadService();
            assertEquals("upload.localhost", service.getAddress().toString());
            assertEquals(MIB, service.getMaxFileSize(), "the limit is advertised in the disco form");
            DataForm where = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(service.getAddress())
                    .getExtensions(DataForm.class).stream().filter(f -> "urn:magpie:files:0".equals(f.getFormType()))
                    .findFirst().orElseThrow(() -> new AssertionError("no form naming where the files are"));
            assertEquals("https://localhost:" + httpPort, where.getField("url").getFirstValue(),
                    "clients fetch automatically only below the base the service names");
            manager.setTlsContext(server.sslContext());

            byte[] content = bytes(300_000, 1);
            Path file = tmp.resolve("report 报告.bin");
            Files.write(file, content);
            URL url = manager.uploadFile(file.toFile());
            assertTrue(url.toString().startsWith("https://localhost:" + httpPort + "/files/"), url.toString());
            assertTrue(url.toString().endsWith("/report%20%E6%8A%A5%E5%91%8A.bin"), "the name stays readable: " + url);

            HttpResponse<byte[]> got = http.send(get(url.toString()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(content, got.body());
            assertEquals("\"" + sha256(content) + "\"", got.headers().firstValue("ETag").orElseThrow());
            assertEquals(sha256(content), got.headers().firstValue("X-Magpie-Sha256").orElseThrow());
            assertEquals("sha-256=:" + java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(content))) + ":",
                    got.headers().firstValue("Repr-Digest").orElseThrow());
            assertEquals("bytes", got.headers().firstValue("Accept-Ranges").orElseThrow());
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());

            // two slots for the same name are different, and the ids are long random strings
            Slot s1 = manager.requestSlot("same.txt", 10, "text/plain");
            Slot s2 = manager.requestSlot("same.txt", 10, "text/plain");
            assertNotEquals(s1.getGetUrl(), s2.getGetUrl());
            assertNotEquals(s1.getPutUrl(), s2.getPutUrl());
            Matcher m = Pattern.compile("/files/([A-Za-z0-9_-]{32})/").matcher(s1.getGetUrl().toString());
            assertTrue(m.find(), "slot ids carry 192 random bits: " + s1.getGetUrl());
            assertFalse(s1.getPutUrl().toString().contains(m.group(1)), "the upload URL does not reveal the download id, nor the other way round");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void downloadsResumeWithRangesAndIfRange() throws Exception {
        String a = user();
        byte[] content = bytes(200_000, 2);
        Uploaded f = upload(a, "data.bin", "application/octet-stream", content);
        String etag = "\"" + sha256(content) + "\"";

        HttpResponse<byte[]> part = http.send(get(f.get).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000-1999/200000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 2000), part.body());

        // the rest of an interrupted download: open-ended, with If-Range naming the version held
        HttpResponse<byte[]> rest = http.send(get(f.get).header("Range", "bytes=150000-").header("If-Range", etag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, rest.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 150000, 200000), rest.body());

        HttpResponse<byte[]> tail = http.send(get(f.get).header("Range", "bytes=-10").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, tail.statusCode());
        assertEquals("bytes 199990-199999/200000", tail.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<byte[]> beyondEnd = http.send(get(f.get).header("Range", "bytes=1000-999999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, beyondEnd.statusCode(), "a range reaching past the end is cut at the end");
        assertEquals(199_000, beyondEnd.body().length);

        // another version's ETag: the whole file, not a part that would not fit
        HttpResponse<byte[]> other = http.send(get(f.get).header("Range", "bytes=150000-").header("If-Range", "\"0000\"").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, other.statusCode());
        assertArrayEquals(content, other.body());

        for (String bad : List.of("bytes=200000-", "bytes=300000-300010", "bytes=5-2", "bytes=abc", "bytes=-0")) {
            HttpResponse<String> r = http.send(get(f.get).header("Range", bad).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(416, r.statusCode(), bad);
            assertEquals("bytes */200000", r.headers().firstValue("Content-Range").orElseThrow(), bad);
            assertTrue(r.body().contains("200000") && r.body().contains("字节"), r.body());
        }

        HttpResponse<Void> notModified = http.send(get(f.get).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(304, notModified.statusCode());

        HttpResponse<byte[]> head = http.send(get(f.get).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals("200000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
    }

    // ================================================================ resumable upload

    @ParameterizedTest
    @ValueSource(ints = {1, 65_537, 400_000, 599_999})
    void anUploadCutMidBodyContinuesFromTheOffsetTheServerHolds(int cutAt) throws Exception {
        String a = user();
        byte[] content = bytes(600_000, cutAt);
        String[] slot = slot(a, "cut-" + cutAt + ".bin", content.length, "application/octet-stream");
        String put = slot[0];
        assertEquals(0, offset(put), "nothing is held before the upload");

        try (RawUpload raw = RawUpload.start(put, content.length, null)) {
            raw.send(content, 0, cutAt);
            InProcessServer.eventually(Duration.ofSeconds(10), () -> offset(put) == cutAt); // bytes are kept as they come
            raw.cut();
        }
        assertEquals(cutAt, offset(put), "the bytes received before the cut are kept");
        HttpResponse<String> early = http.send(get(slot[1]).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, early.statusCode(), "an unfinished file is not served");

        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(put))
                .header("Content-Range", "bytes " + cutAt + "-" + (content.length - 1) + "/" + content.length)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content, cutAt, content.length - cutAt)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, done.statusCode(), done.body());
        assertEquals(sha256(content), done.headers().firstValue("X-Magpie-Sha256").orElseThrow(),
                "the hash covers the whole file, both parts");
        assertEquals(slot[1], done.headers().firstValue("Location").orElseThrow());
        assertArrayEquals(content, http.send(get(slot[1]).build(), HttpResponse.BodyHandlers.ofByteArray()).body());

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(put)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals("600000", head.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals("?1", head.headers().firstValue("Upload-Complete").orElseThrow());
    }

    @Test
    void aStalledUploadIsTakenOverByItsContinuation() throws Exception {
        String a = user();
        byte[] content = bytes(300_000, 77);
        String[] slot = slot(a, "stalled.bin", content.length, "application/octet-stream");
        try (RawUpload stalled = RawUpload.start(slot[0], content.length, null)) {
            stalled.send(content, 0, 100_000);
            InProcessServer.eventually(Duration.ofSeconds(10), () -> offset(slot[0]) == 100_000);
            // the connection hangs without closing; the client reconnects and continues
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(slot[0]))
                    .header("Content-Range", "bytes 100000-299999/300000")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 100_000, 200_000)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, done.statusCode(), done.body());
            // the old connection wakes up and sends more: it is told off, and the file is untouched
            stalled.send(bytes(10_000, 5), 0, 10_000);
            String answer = stalled.response();
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 409"), answer);
        }
        HttpResponse<byte[]> got = http.send(get(slot[1]).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(content, got.body());
    }

    @Test
    void continuationsMustFitWhatTheServerHolds() throws Exception {
        String a = user();
        byte[] content = bytes(100_000, 9);
        String[] slot = slot(a, "pieces.bin", content.length, "application/octet-stream");
        String put = slot[0];

        HttpResponse<String> skip = putRange(put, content, 5000, 9999);
        assertEquals(409, skip.statusCode(), "a part beyond the bytes held would leave a hole");
        assertEquals("0", skip.headers().firstValue("Upload-Offset").orElseThrow());
        assertTrue(skip.body().contains("continue from byte 0") && skip.body().contains("请从第 0 字节继续"), skip.body());

        // a file sent in pieces on purpose: each piece is acknowledged with the new offset
        HttpResponse<String> first = putRange(put, content, 0, 39_999);
        assertEquals(204, first.statusCode(), first.body());
        assertEquals("40000", first.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(40_000, offset(put));

        HttpResponse<String> wrongTotal = http.send(HttpRequest.newBuilder(URI.create(put))
                .header("Content-Range", "bytes 40000-49999/999999")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 40_000, 10_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, wrongTotal.statusCode());
        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(put)).header("Content-Range", "bytes 40000-/x")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 40_000, 10_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, malformed.statusCode());
        HttpResponse<String> tooShort = http.send(HttpRequest.newBuilder(URI.create(put))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 0, 10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, tooShort.statusCode(), "a whole-file upload must carry the slot's size");
        assertEquals(40_000, offset(put), "refused requests change nothing");

        // going back is allowed: the part is written again from there
        assertEquals(204, putRange(put, content, 30_000, 59_999).statusCode());
        HttpResponse<String> last = putRange(put, content, 60_000, 99_999);
        assertEquals(201, last.statusCode(), last.body());
        assertEquals(sha256(content), last.headers().firstValue("X-Magpie-Sha256").orElseThrow());

        HttpResponse<String> again = putRange(put, content, 0, 99_999);
        assertEquals(409, again.statusCode(), "a complete file cannot be overwritten");
        assertArrayEquals(content, http.send(get(slot[1]).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    // ================================================================ limits

    @Test
    void limitsAreRefusedWithTheirReasonsInEnglishAndChinese() throws Exception {
        String a = user();
        XMPPTCPConnection c = server.login(a, PASSWORD, "desk");
        try {
            HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(c);
            manager.discoverUploadService();

            DomainBareJid service = JidCreate.domainBareFrom("upload.localhost");
            // Smack checks the advertised limit itself, so the request is written by hand
            XMPPErrorException tooLarge = assertThrows(XMPPErrorException.class, () -> iq(c, service, "request", UPLOAD_NS,
                    "filename='big.bin' size='" + (MIB + 1) + "' content-type='application/octet-stream'", ""));
            StanzaError e = tooLarge.getStanzaError();
            assertEquals(StanzaError.Condition.not_acceptable, e.getCondition());
            assertEquals(StanzaError.Type.MODIFY, e.getType());
            FileTooLargeError limit = e.getExtension(FileTooLargeError.ELEMENT, UPLOAD_NS);
            assertNotNull(limit, "file-too-large carries the limit: " + e.toXML());
            assertEquals(MIB, limit.getMaxFileSize());
            assertTrue(e.getDescriptiveText("en").contains("1048576 bytes"), e.getDescriptiveText("en"));
            assertTrue(e.getDescriptiveText("zh").contains("文件太大"), e.getDescriptiveText("zh"));

            XMPPErrorException type = assertThrows(XMPPErrorException.class,
                    () -> manager.requestSlot("setup.exe", 1000, "application/x-msdownload"));
            assertEquals(StanzaError.Condition.not_acceptable, type.getStanzaError().getCondition());
            assertTrue(type.getStanzaError().getDescriptiveText("en").contains("application/x-msdownload may not be uploaded"));
            assertTrue(type.getStanzaError().getDescriptiveText("zh").contains("不允许上传"));
            assertNotNull(manager.requestSlot("photo.jpg", 1000, "image/jpeg"), "wildcards allow every image type");

            // the quota (3 MiB) counts slots asked for, finished or not
            manager.requestSlot("one.bin", MIB, "application/octet-stream");
            manager.requestSlot("two.bin", MIB, "application/octet-stream");
            XMPPErrorException quota = assertThrows(XMPPErrorException.class,
                    () -> manager.requestSlot("three.bin", MIB, "application/octet-stream"));
            assertEquals(StanzaError.Condition.resource_constraint, quota.getStanzaError().getCondition());
            assertTrue(quota.getStanzaError().getDescriptiveText("en").startsWith("Upload quota exceeded"));
            assertTrue(quota.getStanzaError().getDescriptiveText("zh").startsWith("超出上传配额"));
            assertNotNull(manager.requestSlot("small.txt", 1000, "text/plain"), "what still fits is allowed");

            for (String bad : List.of("filename='' size='10'", "filename='x.txt' size='-1'", "filename='x.txt' size='ten'",
                    "size='10'")) {
                XMPPErrorException r = assertThrows(XMPPErrorException.class,
                        () -> iq(c, service, "request", UPLOAD_NS, bad + " content-type='text/plain'", ""));
                assertEquals(StanzaError.Condition.bad_request, r.getStanzaError().getCondition(), bad);
                assertNotNull(r.getStanzaError().getDescriptiveText("zh"), bad);
            }
        } finally {
            c.disconnect();
        }
        // another user has a quota of their own
        String b = user();
        assertNotNull(slot(b, "b.bin", MIB, "application/octet-stream"));
    }

    // ================================================================ traversal and guessing

    @Test
    void pathTraversalAndGuessedIdsFindNothing() throws Exception {
        String a = user();
        Uploaded f = upload(a, "secret.txt", "text/plain", "top secret 机密".getBytes(StandardCharsets.UTF_8));
        String base = "https://localhost:" + httpPort;
        String id = f.get.replaceAll(".*/files/([^/]+)/.*", "$1");
        String properties = Files.readString(server.home().resolve("conf/magpie.properties"));
        List<String> paths = List.of("/", "/files/", "/files/../conf/magpie.properties", "/files/..%2F..%2Fconf%2Fmagpie.properties",
                "/files/%2e%2e/%2e%2e/conf/magpie.properties", "/files/" + id + "/../../../conf/magpie.properties",
                "/files/" + id.substring(0, 31) + "/secret.txt", "/files/" + id + "x/secret.txt",
                "/files/" + id.substring(0, 2) + "/" + id, "/thumbnails/" + id + "/../x", "/upload/" + id + "/secret.txt",
                "/files/" + "A".repeat(32) + "/secret.txt", "/files/access.key", "/files/" + "access.key".repeat(4).substring(0, 32),
                "/upload/../files/" + id, "/data/files/" + id.substring(0, 2) + "/" + id, "/conf/magpie.properties");
        for (String p : paths) {
            HttpResponse<String> r = rawGet(base, p);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400 || r.statusCode() == 403, p + " -> " + r.statusCode());
            assertFalse(r.body().contains("top secret") || r.body().contains("server.domain") || r.body().contains(properties.substring(0, 40)),
                    p + " revealed something: " + r.body());
        }
        // an upload URL cannot be made from a download URL, nor can a file be overwritten through it
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(f.get)).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals("top secret 机密", http.send(get(f.get).build(), HttpResponse.BodyHandlers.ofString()).body());
        // the bytes on disk are named by the slot id alone
        assertTrue(Files.exists(server.home().resolve("data/files/" + id.substring(0, 2) + "/" + id)));
        try (var s = Files.walk(server.home().resolve("data/files"))) {
            assertTrue(s.noneMatch(x -> x.getFileName().toString().contains("secret")), "no user file name on disk");
        }
    }

    // ================================================================ groups

    @Test
    void groupFilesAreForMembersOnly() throws Exception {
        String owner = user();
        String member = user();
        String stranger = user();
        long number = ROOMS.incrementAndGet();
        String room = number + "@rooms.localhost";
        XMPPTCPConnection o = server.login(owner, PASSWORD, "desk");
        XMPPTCPConnection m = server.login(member, PASSWORD, "desk");
        XMPPTCPConnection s = server.login(stranger, PASSWORD, "desk");
        try {
            iq(o, JidCreate.domainBareFrom("rooms.localhost"), "create", "urn:magpie:rooms:0",
                    "number='" + number + "' name='Files'", "", IQ.Type.set);
            MultiUserChatManager.getInstanceFor(m).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from("member"));

            DomainBareJid service = JidCreate.domainBareFrom("upload.localhost");
            byte[] content = "minutes of the meeting 会议记录".getBytes(StandardCharsets.UTF_8);
            String slotXml = iq(o, service, "request", UPLOAD_NS, "filename='minutes.txt' size='" + content.length
                    + "' content-type='text/plain'", "<room xmlns='" + MAGPIE_NS + "' jid='" + room + "'/>");
            String put = attribute(slotXml, "put", "url");
            String get = attribute(slotXml, "get", "url");
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(put)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            HttpResponse<String> bare = http.send(get(get).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, bare.statusCode(), "the URL alone does not open a group's file");
            assertTrue(bare.body().contains("access token") && bare.body().contains("访问令牌"), bare.body());

            String token = attribute(iq(m, service, "access", MAGPIE_NS, "url='" + get + "'", ""), "access", "token");
            HttpResponse<String> byMember = http.send(get(get + "?access=" + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byMember.statusCode(), byMember.body());
            assertEquals("minutes of the meeting 会议记录", byMember.body());
            HttpResponse<String> bearer = http.send(get(get).header("Authorization", "Bearer " + token).header("Range", "bytes=0-6").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(206, bearer.statusCode());
            assertEquals("minutes", bearer.body());

            XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                    () -> iq(s, service, "access", MAGPIE_NS, "url='" + get + "'", ""));
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
            assertTrue(refused.getStanzaError().getDescriptiveText("zh").contains("群"));

            // a token made up or changed by hand does not work, nor one for another file
            String[] parts = token.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((stranger + "@localhost").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            String later = (Long.parseLong(parts[0]) + 100_000) + "." + parts[1] + "." + parts[2];
            Uploaded other = upload(user(), "other.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
            for (String t : List.of(forged, later, "garbage", token.substring(0, token.length() - 2) + "AA")) {
                assertEquals(403, http.send(get(get + "?access=" + t).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), t);
            }
            assertEquals(200, http.send(get(other.get + "?access=" + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "files not shared in a group need no token (and ignore one)");

            // the uploader may fetch their own file
            String ownerToken = attribute(iq(o, service, "access", MAGPIE_NS, "url='" + get + "'", ""), "access", "token");
            assertEquals(200, http.send(get(get + "?access=" + ownerToken).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            // nobody shares in a group they are not in
            XMPPErrorException notMember = assertThrows(XMPPErrorException.class, () -> iq(s, service, "request", UPLOAD_NS,
                    "filename='x.txt' size='1' content-type='text/plain'", "<room xmlns='" + MAGPIE_NS + "' jid='" + room + "'/>"));
            assertEquals(StanzaError.Condition.forbidden, notMember.getStanzaError().getCondition());
            XMPPErrorException noGroup = assertThrows(XMPPErrorException.class, () -> iq(o, service, "request", UPLOAD_NS,
                    "filename='x.txt' size='1' content-type='text/plain'", "<room xmlns='" + MAGPIE_NS + "' jid='team@localhost'/>"));
            assertEquals(StanzaError.Condition.bad_request, noGroup.getStanzaError().getCondition());
        } finally {
            o.disconnect();
            m.disconnect();
            s.disconnect();
        }
    }

    // ================================================================ forwarding

    @Test
    void aMemberForwardsAGroupFileToAFriendOutsideTheGroupAndOnlyThatFriendGetsIn() throws Exception {
        String owner = user();
        String member = user();
        String friend = user();
        String stranger = user();
        XMPPTCPConnection o = server.login(owner, PASSWORD, "desk");
        XMPPTCPConnection m = server.login(member, PASSWORD, "desk");
        XMPPTCPConnection f = server.login(friend, PASSWORD, "desk");
        XMPPTCPConnection s = server.login(stranger, PASSWORD, "desk");
        try {
            String room = group(o, "Forwards");
            join(m, room, "member");
            befriend(server, m, f);
            befriend(server, s, f); // the stranger has a friend too, but no access to the file
            byte[] content = "budget 2025 预算".getBytes(StandardCharsets.UTF_8);
            String get = groupUpload(o, room, "budget.txt", content);
            DomainBareJid service = JidCreate.domainBareFrom("upload.localhost");

            // before the forward the friend is an outsider like anyone else
            assertEquals(403, http.send(get(get).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            XMPPErrorException before = assertThrows(XMPPErrorException.class,
                    () -> iq(f, service, "access", MAGPIE_NS, "url='" + get + "'", ""));
            assertEquals(StanzaError.Condition.forbidden, before.getStanzaError().getCondition());
            assertTrue(before.getStanzaError().getDescriptiveText("en").contains("forwarded"), before.getStanzaError().toString());

            // nobody forwards what they cannot read, not to a friend, not to themselves, not by slot id
            String slot = slotId(get);
            for (String target : List.of(jid(friend), jid(stranger), room)) {
                XMPPErrorException e = assertThrows(XMPPErrorException.class, () -> forward(s, "url='" + get + "'", target));
                assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition(), target);
                assertTrue(e.getStanzaError().getDescriptiveText("zh").contains("不能转发"), e.getStanzaError().toString());
            }
            assertEquals(StanzaError.Condition.forbidden, assertThrows(XMPPErrorException.class,
                    () -> forward(s, "slot='" + slot + "'", jid(friend))).getStanzaError().getCondition());
            assertEquals(403, http.send(get(get).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "a refused forward grants nothing");
            assertThrows(XMPPErrorException.class, () -> iq(f, service, "access", MAGPIE_NS, "url='" + get + "'", ""));

            // the member's refusals: not a friend, another server, a group they are not in, a file that is not there
            XMPPErrorException notFriend = assertThrows(XMPPErrorException.class, () -> forward(m, "url='" + get + "'", jid(stranger)));
            assertEquals(StanzaError.Condition.forbidden, notFriend.getStanzaError().getCondition());
            assertTrue(notFriend.getStanzaError().getDescriptiveText("en").contains("not your friend"));
            assertTrue(notFriend.getStanzaError().getDescriptiveText("zh").contains("好友"));
            XMPPErrorException foreign = assertThrows(XMPPErrorException.class,
                    () -> forward(m, "url='" + get + "'", "bob@elsewhere.example"));
            assertEquals(StanzaError.Condition.bad_request, foreign.getStanzaError().getCondition());
            assertTrue(foreign.getStanzaError().getDescriptiveText("zh").contains("本服务器"));
            String otherRoom = group(o, "Not for the member");
            XMPPErrorException notIn = assertThrows(XMPPErrorException.class, () -> forward(m, "url='" + get + "'", otherRoom));
            assertEquals(StanzaError.Condition.forbidden, notIn.getStanzaError().getCondition());
            assertTrue(notIn.getStanzaError().getDescriptiveText("zh").contains("群"));
            XMPPErrorException unknown = assertThrows(XMPPErrorException.class,
                    () -> forward(m, "url='" + get.replace(slot, "B".repeat(32)) + "'", jid(friend)));
            assertEquals(StanzaError.Condition.item_not_found, unknown.getStanzaError().getCondition());
            assertTrue(unknown.getStanzaError().getDescriptiveText("zh").contains("过期"));
            assertEquals(StanzaError.Condition.bad_request, assertThrows(XMPPErrorException.class,
                    () -> iq(m, service, "forward", MAGPIE_NS, "url='" + get + "'", "", IQ.Type.set)).getStanzaError().getCondition());

            // the member forwards to the friend: the friend asks for a token like a member and downloads
            assertEquals("true", attribute(forward(m, "url='" + get + "'", jid(friend)), "forward", "granted"));
            assertEquals("false", attribute(forward(m, "url='" + get + "'", jid(friend)), "forward", "granted"),
                    "forwarding again changes nothing");
            assertEquals(403, http.send(get(get).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "still no download by the URL alone");
            String token = attribute(iq(f, service, "access", MAGPIE_NS, "url='" + get + "'", ""), "access", "token");
            HttpResponse<String> byFriend = http.send(get(get + "?access=" + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byFriend.statusCode(), byFriend.body());
            assertEquals("budget 2025 预算", byFriend.body());

            // the stranger still has nothing, and cannot now forward it to himself through the friend's grant
            assertEquals(StanzaError.Condition.forbidden, assertThrows(XMPPErrorException.class,
                    () -> iq(s, service, "access", MAGPIE_NS, "url='" + get + "'", "")).getStanzaError().getCondition());
            assertEquals(StanzaError.Condition.forbidden, assertThrows(XMPPErrorException.class,
                    () -> forward(s, "url='" + get + "'", jid(friend))).getStanzaError().getCondition());

            // a file of a 1:1 chat: its URL is enough, so forwarding records nothing, and the same checks apply
            String direct = groupUpload(m, null, "note.txt", "note".getBytes(StandardCharsets.UTF_8));
            assertEquals("false", attribute(forward(m, "url='" + direct + "'", jid(friend)), "forward", "granted"));
            assertEquals(StanzaError.Condition.forbidden, assertThrows(XMPPErrorException.class,
                    () -> forward(m, "url='" + direct + "'", jid(stranger))).getStanzaError().getCondition());
            assertEquals(200, http.send(get(direct).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            // expired: no forward, no token, no download
            sql("UPDATE files SET expires = ? WHERE slot_id = ?", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(5)), slot);
            assertEquals(StanzaError.Condition.item_not_found, assertThrows(XMPPErrorException.class,
                    () -> forward(m, "url='" + get + "'", jid(friend))).getStanzaError().getCondition());
            assertEquals(StanzaError.Condition.item_not_found, assertThrows(XMPPErrorException.class,
                    () -> iq(f, service, "access", MAGPIE_NS, "url='" + get + "'", "")).getStanzaError().getCondition());
            assertEquals(404, http.send(get(get + "?access=" + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            o.disconnect();
            m.disconnect();
            f.disconnect();
            s.disconnect();
        }
    }

    @Test
    void aForwardToAnotherGroupOpensTheFileToItsMembersOnly() throws Exception {
        String owner = user();
        String member = user();
        String other = user();
        String outsider = user();
        XMPPTCPConnection o = server.login(owner, PASSWORD, "desk");
        XMPPTCPConnection m = server.login(member, PASSWORD, "desk");
        XMPPTCPConnection g = server.login(other, PASSWORD, "desk");
        XMPPTCPConnection x = server.login(outsider, PASSWORD, "desk");
        try {
            String first = group(o, "First");
            join(m, first, "member");
            String second = group(m, "Second");
            join(g, second, "other");
            byte[] png = png(300, 200);
            String get = groupUpload(o, first, "chart.png", png);
            String thumb = get.replaceAll("/files/([^/]+)/.*", "/thumbnails/$1");
            DomainBareJid service = JidCreate.domainBareFrom("upload.localhost");

            // the uploader is not in the second group: he cannot open his file to it
            XMPPErrorException notIn = assertThrows(XMPPErrorException.class, () -> forward(o, "url='" + get + "'", second));
            assertEquals(StanzaError.Condition.forbidden, notIn.getStanzaError().getCondition());
            assertThrows(XMPPErrorException.class, () -> iq(g, service, "access", MAGPIE_NS, "url='" + get + "'", ""));

            assertEquals("true", attribute(forward(m, "url='" + get + "'", second), "forward", "granted"));
            assertEquals("false", attribute(forward(m, "url='" + get + "'", first), "forward", "granted"),
                    "back into its own group: its members can read it anyway");
            String token = attribute(iq(g, service, "access", MAGPIE_NS, "url='" + get + "'", ""), "access", "token");
            HttpResponse<byte[]> byOther = http.send(get(get + "?access=" + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, byOther.statusCode());
            assertArrayEquals(png, byOther.body());
            assertEquals(200, http.send(get(thumb).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "the preview too");

            // outsiders of both groups: still 403, with or without someone else's name in a token
            XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                    () -> iq(x, service, "access", MAGPIE_NS, "url='" + get + "'", ""));
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
            assertEquals(403, http.send(get(get).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            String[] parts = token.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((outsider + "@localhost").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            assertEquals(403, http.send(get(get + "?access=" + forged).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            // membership counts as it is now: whoever joins the second group later reads it, ...
            join(x, second, "late");
            String late = attribute(iq(x, service, "access", MAGPIE_NS, "url='" + get + "'", ""), "access", "token");
            assertEquals(200, http.send(get(get + "?access=" + late).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            // ... and a member of the second group may pass it on, as he can read it
            befriend(server, g, o);
            assertEquals("false", attribute(forward(g, "url='" + get + "'", jid(owner)), "forward", "granted"),
                    "the uploader needs no grant");
        } finally {
            o.disconnect();
            m.disconnect();
            g.disconnect();
            x.disconnect();
        }
    }

    /** A new group of the given owner; its bare JID. */
    private static String group(XMPPTCPConnection owner, String name) throws Exception {
        long number = ROOMS.incrementAndGet();
        iq(owner, JidCreate.domainBareFrom("rooms.localhost"), "create", "urn:magpie:rooms:0",
                "number='" + number + "' name='" + name + "'", "", IQ.Type.set);
        return number + "@rooms.localhost";
    }

    private static void join(XMPPTCPConnection c, String room, String nick) throws Exception {
        MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room)).join(Resourcepart.from(nick));
    }

    /** Uploads a file for a group (room null: for a 1:1 chat) on the user's session; its download URL. */
    private static String groupUpload(XMPPTCPConnection c, String room, String name, byte[] content) throws Exception {
        String slotXml = iq(c, JidCreate.domainBareFrom("upload.localhost"), "request", UPLOAD_NS, "filename='" + name + "' size='"
                + content.length + "' content-type='" + (name.endsWith(".png") ? "image/png" : "text/plain") + "'",
                room == null ? "" : "<room xmlns='" + MAGPIE_NS + "' jid='" + room + "'/>");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(attribute(slotXml, "put", "url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        return attribute(slotXml, "get", "url");
    }

    /** {@code <forward xmlns='urn:magpie:files:0' <which> jid='<target>'/>}; the answer's XML. */
    static String forward(XMPPTCPConnection c, String which, String target) throws Exception {
        return iq(c, JidCreate.domainBareFrom("upload.localhost"), "forward", MAGPIE_NS, which + " jid='" + target + "'", "",
                IQ.Type.set);
    }

    private static String jid(String user) {
        return user + "@localhost";
    }

    private static String slotId(String getUrl) {
        return getUrl.replaceAll(".*/files/([^/]+)/.*", "$1");
    }

    private static byte[] png(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /**
     * Makes two logged-in users mutual friends the standard way: each asks, the other's client
     * accepts; waits until the server's roster says both.
     */
    static void befriend(InProcessServer server, XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
        for (XMPPTCPConnection c : List.of(a, b)) {
            org.jivesoftware.smack.roster.Roster.getInstanceFor(c)
                    .setSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.accept_all);
        }
        org.jivesoftware.smack.packet.Presence ask = a.getStanzaFactory().buildPresenceStanza()
                .ofType(org.jivesoftware.smack.packet.Presence.Type.subscribe).to(b.getUser().asBareJid()).build();
        a.sendStanza(ask);
        org.jivesoftware.smack.packet.Presence back = b.getStanzaFactory().buildPresenceStanza()
                .ofType(org.jivesoftware.smack.packet.Presence.Type.subscribe).to(a.getUser().asBareJid()).build();
        b.sendStanza(back);
        String x = a.getUser().asBareJid().toString();
        String y = b.getUser().asBareJid().toString();
        InProcessServer.eventually(Duration.ofSeconds(15), () -> "both".equals(subscription(server, x, y))
                && "both".equals(subscription(server, y, x)));
    }

    private static String subscription(InProcessServer server, String owner, String contact) throws Exception {
        try (java.sql.Connection c = dataSource(server).getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT subscription FROM friends WHERE owner = ? AND contact = ?")) {
            ps.setString(1, owner);
            ps.setString(2, contact);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static javax.sql.DataSource dataSource(InProcessServer server) throws Exception {
        var ref = server.context().getServiceReferences(javax.sql.DataSource.class, "(dataSourceName=magpie)").iterator().next();
        return server.context().getService(ref);
    }

    private static void sql(String update, Object... params) throws Exception {
        try (java.sql.Connection c = dataSource(server).getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(update)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }

    // ================================================================ images

    @Test
    void imagesGetTheirSizeAndAPreview() throws Exception {
        String a = user();
        BufferedImage photo = new BufferedImage(1200, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 1200; x++) {
                photo.setRGB(x, y, x < 600 ? 0xff0000 : 0x0000ff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);
        Uploaded f = upload(a, "screenshot.png", "image/png", png.toByteArray());
        assertEquals("1200", f.headers.get("X-Magpie-Image-Width"));
        assertEquals("600", f.headers.get("X-Magpie-Image-Height"));
        String thumbnail = f.headers.get("X-Magpie-Thumbnail");
        assertEquals("image/jpeg", f.headers.get("X-Magpie-Thumbnail-Type"), "an opaque image gets a JPEG preview");

        HttpResponse<byte[]> head = http.send(get(f.get).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(thumbnail, head.headers().firstValue("X-Magpie-Thumbnail").orElseThrow(), "HEAD tells the preview URL too");
        assertEquals("image/png", head.headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<byte[]> t = http.send(get(thumbnail).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, t.statusCode());
        assertEquals("image/jpeg", t.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(t.body()));
        assertEquals(256, small.getWidth());
        assertEquals(128, small.getHeight());
        int left = small.getRGB(10, 64);
        int right = small.getRGB(245, 64);
        assertTrue((left >> 16 & 0xff) > 200 && (left & 0xff) < 60, "left half stays red: " + Integer.toHexString(left));
        assertTrue((right & 0xff) > 200 && (right >> 16 & 0xff) < 60, "right half stays blue: " + Integer.toHexString(right));
        assertTrue(t.body().length < 20_000, "a preview is small: " + t.body().length);

        BufferedImage icon = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        icon.setRGB(1, 1, 0x80ff0000);
        ByteArrayOutputStream iconPng = new ByteArrayOutputStream();
        ImageIO.write(icon, "png", iconPng);
        Uploaded i = upload(a, "icon.png", "image/png", iconPng.toByteArray());
        assertEquals("image/png", i.headers.get("X-Magpie-Thumbnail-Type"), "transparency is kept in a PNG preview");

        Uploaded text = upload(a, "notes.txt", "text/plain", "not an image".getBytes(StandardCharsets.UTF_8));
        assertFalse(text.headers.containsKey("X-Magpie-Thumbnail"));
        String noPreview = f.get.replaceAll("/files/([^/]+)/.*", "/thumbnails/") + text.get.replaceAll(".*/files/([^/]+)/.*", "$1");
        assertEquals(404, http.send(get(noPreview).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        Uploaded fake = upload(a, "fake.png", "image/png", "PNG? no".getBytes(StandardCharsets.UTF_8));
        assertFalse(fake.headers.containsKey("X-Magpie-Image-Width"), "a damaged image is still stored, just not previewed");
    }

    // ================================================================ helpers (also used by the other Files*IT)

    static String user() throws Exception {
        String name = "files" + USERS.incrementAndGet();
        server.register(name, PASSWORD, name);
        return name;
    }

    static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** Upload URL and download URL of a fresh slot. */
    private static String[] slot(String user, String name, long size, String type) throws Exception {
        return slot(server, user, name, size, type);
    }

    static String[] slot(InProcessServer server, String user, String name, long size, String type) throws Exception {
        XMPPTCPConnection c = server.login(user, PASSWORD, "slot");
        try {
            HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(c);
            assertTrue(manager.discoverUploadService());
            Slot s = manager.requestSlot(name, size, type);
            return new String[] {s.getPutUrl().toString(), s.getGetUrl().toString()};
        } finally {
            c.disconnect();
        }
    }

    record Uploaded(String put, String get, Map<String, String> headers) {
    }

    private static Uploaded upload(String user, String name, String type, byte[] content) throws Exception {
        return upload(server, http, user, name, type, content);
    }

    static Uploaded upload(InProcessServer server, HttpClient http, String user, String name, String type, byte[] content)
            throws Exception {
        String[] s = slot(server, user, name, content.length, type);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s[0])).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
        return new Uploaded(s[0], s[1], headers);
    }

    private static long offset(String put) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(put)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, r.statusCode());
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private static HttpResponse<String> putRange(String put, byte[] content, int first, int last) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(put))
                .header("Content-Range", "bytes " + first + "-" + last + "/" + content.length)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content, first, last - first + 1)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET written by hand, so that no client library tidies up the path first. */
    private static HttpResponse<String> rawGet(String base, String path) throws Exception {
        try (RawUpload r = RawUpload.open(URI.create(base + "/"))) {
            r.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String answer = r.response();
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new StatusOnly(status, body);
        }
    }

    /** The parts of an HttpResponse the traversal test reads. */
    private record StatusOnly(int statusCode, String body) implements HttpResponse<String> {
        @Override public HttpRequest request() { return null; }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        @Override public URI uri() { return null; }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }

    static String iq(XMPPTCPConnection c, Jid to, String element, String namespace, String attributes, String children)
            throws Exception {
        return iq(c, to, element, namespace, attributes, children, IQ.Type.get);
    }

    /** Sends an IQ with the given payload and returns the result's payload as XML. */
    static String iq(XMPPTCPConnection c, Jid to, String element, String namespace, String attributes, String children, IQ.Type type)
            throws Exception {
        IQ request = new IQ(element, namespace) {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.append(" ").append(attributes);
                if (children.isEmpty()) {
                    xml.setEmptyElement();
                } else {
                    xml.rightAngleBracket().append(children);
                }
                return xml;
            }
        };
        request.setTo(to);
        request.setType(type);
        IQ result = c.createStanzaCollectorAndSend(request).nextResultOrThrow();
        return result instanceof UnparsedIQ u ? u.getContent().toString() : result.toXML().toString();
    }

    static String attribute(String xml, String element, String attribute) {
        Matcher m = Pattern.compile("<" + element + "\\b[^>]*\\b" + attribute + "=['\"]([^'\"]*)['\"]").matcher(xml);
        assertTrue(m.find(), element + "/@" + attribute + " in " + xml);
        return m.group(1).replace("&amp;", "&");
    }

    /**
     * An HTTP request written by hand on a TLS socket, so a test can stop in the middle of the body and
     * cut the TCP connection (no TLS close, no HTTP end), as a broken network would.
     */
    static final class RawUpload implements AutoCloseable {
        private final Socket tcp;
        private final SSLSocket tls;
        private final OutputStream out;

        private RawUpload(Socket tcp, SSLSocket tls) throws IOException {
            this.tcp = tcp;
            this.tls = tls;
            this.out = tls.getOutputStream();
        }

        static RawUpload open(URI url) throws Exception {
            Socket tcp = new Socket(url.getHost(), url.getPort());
            SSLSocket tls = (SSLSocket) server.sslContext().getSocketFactory().createSocket(tcp, url.getHost(), url.getPort(), true);
            tls.setSoTimeout(15_000);
            tls.startHandshake();
            return new RawUpload(tcp, tls);
        }

        static RawUpload start(String put, long contentLength, String contentRange) throws Exception {
            URI url = URI.create(put);
            RawUpload r = open(url);
            r.write("PUT " + url.getRawPath() + " HTTP/1.1\r\nHost: localhost:" + url.getPort() + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + contentLength + "\r\n" + (contentRange == null ? "" : "Content-Range: " + contentRange + "\r\n")
                    + "\r\n");
            return r;
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void send(byte[] b, int from, int to) throws IOException {
            out.write(b, from, to - from);
            out.flush();
        }

        /** Everything the server answers until it closes or goes quiet; empty when it closed at once. */
        String response() throws IOException {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = tls.getInputStream();
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    answer.write(b, 0, n);
                    String s = answer.toString(StandardCharsets.UTF_8);
                    int end = s.indexOf("\r\n\r\n");
                    Matcher m = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(s);
                    if (end > 0 && m.find() && answer.size() >= end + 4 + Integer.parseInt(m.group(1))) {
                        break;
                    }
                }
            } catch (IOException e) {
                // closed or reset: what came is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }

        /** The connection breaks: a TCP reset, no TLS close_notify, no rest of the body. */
        void cut() throws IOException {
            tcp.setSoLinger(true, 0);
            tcp.close();
        }

        @Override
        public void close() throws IOException {
            if (!tcp.isClosed()) {
                tcp.close();
            }
        }
    }
}
