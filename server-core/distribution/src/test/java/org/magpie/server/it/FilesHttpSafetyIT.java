package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.net.ssl.SSLSocket;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.osgi.framework.Bundle;

/**
 * The file transfer port under attack, over real TLS sockets: a client that sends half a request and
 * waits is cut off while others are served; one address opening transfer after transfer gets 503
 * beyond its limit while other addresses go on; every refusal is an HTTP answer with its reason;
 * access tokens only for this service's own URLs; a tiny image declaring a gigantic picture is stored
 * without a preview; stopping the plugin closes the port. Client addresses other than 127.0.0.1 are
 * other loopback addresses (127.0.0.0/8) bound on the client side.
 */
class FilesHttpSafetyIT {

    static final String PASSWORD = "secret123";
    static final String MAGPIE_NS = "urn:magpie:files:0";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static java.nio.file.Path tmp;

    private static InProcessServer server;
    private static int httpPort;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("files.http.idle.timeout.seconds", "2", "files.http.max.transfers.per.address", "3"));
        httpPort = server.filesPort();
        http = FilesIT.client(server.sslContext());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ================================================================ slow clients and many transfers

    @Test
    void aClientSendingHalfARequestIsCutOffWhileOthersAreServed() throws Exception {
        FilesIT.Uploaded f = upload(user(), "served.bin", "application/octet-stream", FilesIT.bytes(50_000, 1));
        try (Raw slow = Raw.open(null)) {
            slow.write("GET /files/" + f.get().replaceAll(".*/files/", "") + " HTTP/1.1\r\nHost: localh");
            // another client is served meanwhile
            HttpResponse<byte[]> other = http.send(FilesIT.get(f.get()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, other.statusCode());
            assertArrayEquals(FilesIT.bytes(50_000, 1), other.body());
            // the half request is never completed: the server closes it (idle timeout 2 s here)
            String answer = slow.readUntilClosed();
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), answer);
        }
    }

    @Test
    void anAddressBeyondItsTransferLimitGets503WithAReasonWhileOtherAddressesGoOn() throws Exception {
        FilesIT.Uploaded f = upload(user(), "limit.bin", "application/octet-stream", FilesIT.bytes(10_000, 2));
        String a = user();
        List<Raw> stalled = new ArrayList<>();
        List<String> puts = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String put = FilesIT.slot(server, a, "stalled" + i + ".bin", 100_000, "application/octet-stream")[0];
                puts.add(put);
                Raw r = Raw.open("127.0.0.5");
                r.write("PUT " + URI.create(put).getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n");
                r.send(new byte[10]);
                stalled.add(r);
            }
            // from another address: each stalled upload is being served (its first bytes are held)
            for (String put : puts) {
                InProcessServer.eventually(Duration.ofSeconds(10), () -> offset(put) >= 10);
            }
            Thread keeper = Thread.ofVirtual().start(() -> trickle(stalled)); // stay under the idle timeout
            try (Raw fourth = Raw.open("127.0.0.5")) {
                fourth.write("GET " + URI.create(f.get()).getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                String answer = fourth.readUntilClosed();
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.toLowerCase().contains("retry-after: 5"), answer);
                assertTrue(answer.contains("Too many transfers at once from your address (at most 3)"), answer);
                assertTrue(answer.contains("你的地址同时进行的传输太多"), answer);
            }
            HttpResponse<byte[]> other = http.send(FilesIT.get(f.get()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, other.statusCode(), "another address is served as usual");
            keeper.interrupt();
        } finally {
            for (Raw r : stalled) {
                r.close();
            }
        }
        // the stalled transfers ended: the address is served again
        InProcessServer.eventually(Duration.ofSeconds(20), () -> {
            try (Raw again = Raw.open("127.0.0.5")) {
                again.write("HEAD " + URI.create(f.get()).getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                return again.readUntilClosed().startsWith("HTTP/1.1 200");
            }
        });
    }

    private static void trickle(List<Raw> stalled) {
        try {
            for (int i = 0; i < 60 && !Thread.currentThread().isInterrupted(); i++) {
                for (Raw r : stalled) {
                    r.send(new byte[1]);
                }
                Thread.sleep(500);
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    // ================================================================ refusals are answers

    @Test
    void everyRefusalOfTheUploadAndDownloadPathIsAnAnswerWithItsReason() throws Exception {
        String a = user();
        byte[] content = FilesIT.bytes(200_000, 3);
        FilesIT.Uploaded done = upload(a, "done.bin", "application/octet-stream", content);
        String put = FilesIT.slot(server, a, "open.bin", content.length, "application/octet-stream")[0];
        String unknownPut = put.replaceAll("/upload/[^/]+/", "/upload/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/");
        String groupGet = groupFile(a);
        for (int round = 0; round < 10; round++) {
            // 403: a group's file without an access token, or with a forged one
            refused(403, "access token", FilesIT.get(groupGet));
            refused(403, "access token", FilesIT.get(groupGet + "?access=1.Zm9v.YmFy"));
            // 409: a part beyond the bytes held
            refused(409, "continue from byte 0", HttpRequest.newBuilder(URI.create(put))
                    .header("Content-Range", "bytes 100000-149999/200000")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 100_000, 50_000)));
            // 409: a complete file is not overwritten
            refused(409, "uploaded completely already", HttpRequest.newBuilder(URI.create(done.put()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
            // 400: a malformed Content-Range, a total that is not the slot's
            refused(400, "Bad Content-Range", HttpRequest.newBuilder(URI.create(put)).header("Content-Range", "bytes 0-/x")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 0, 50_000)));
            refused(400, "bytes in all", HttpRequest.newBuilder(URI.create(put)).header("Content-Range", "bytes 0-49999/999999")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content, 0, 50_000)));
            // 416: a range outside the file
            refused(416, "is not within the", FilesIT.get(done.get()).header("Range", "bytes=900000-"));
            // 404: an unknown upload URL, even for a large body announced with Expect: 100-continue
            refused(404, "No such upload slot", HttpRequest.newBuilder(URI.create(unknownPut)).expectContinue(true)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2_000_000])));
        }
    }

    /** A file shared in a new group of the user's; its download URL. */
    private static String groupFile(String owner) throws Exception {
        long number = 8000 + USERS.incrementAndGet();
        XMPPTCPConnection c = server.login(owner, PASSWORD, "group");
        try {
            FilesIT.iq(c, JidCreate.domainBareFrom("rooms.localhost"), "create", "urn:magpie:rooms:0",
                    "number='" + number + "' name='Files'", "", org.jivesoftware.smack.packet.IQ.Type.set);
            byte[] content = "for the group".getBytes(StandardCharsets.UTF_8);
            String slotXml = FilesIT.iq(c, JidCreate.domainBareFrom("upload.localhost"), "request", "urn:xmpp:http:upload:0",
                    "filename='group.txt' size='" + content.length + "' content-type='text/plain'",
                    "<room xmlns='" + MAGPIE_NS + "' jid='" + number + "@rooms.localhost'/>");
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(FilesIT.attribute(slotXml, "put", "url")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode(), put.body());
            return FilesIT.attribute(slotXml, "get", "url");
        } finally {
            c.disconnect();
        }
    }

    private static void refused(int status, String reason, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), r.body());
        assertTrue(r.body().lines().count() == 2 && !r.body().lines().skip(1).findFirst().orElseThrow().isBlank(),
                "English and Chinese: " + r.body());
    }

    // ================================================================ access tokens for our URLs only

    @Test
    void accessTokensAreOnlyForThisServicesOwnUrls() throws Exception {
        String a = user();
        FilesIT.Uploaded f = upload(a, "own.bin", "application/octet-stream", FilesIT.bytes(1000, 4));
        URI get = URI.create(f.get());
        String id = get.getRawPath().replaceAll(".*/files/([^/]+)/.*", "$1");
        XMPPTCPConnection c = server.login(a, PASSWORD, "tokens");
        try {
            DomainBareJid service = JidCreate.domainBareFrom("upload.localhost");
            String token = FilesIT.attribute(FilesIT.iq(c, service, "access", MAGPIE_NS, "url='" + f.get() + "'", ""), "access", "token");
            assertFalse(token.isBlank(), "the service's own URL gets a token");
            for (String foreign : List.of(
                    "https://other.example:" + httpPort + "/files/" + id + "/own.bin",
                    "https://localhost:" + httpPort + "/elsewhere/files/" + id + "/own.bin",
                    "https://mallory@localhost:" + httpPort + "/files/" + id + "/own.bin",
                    "https://localhost:" + (httpPort + 1) + "/files/" + id + "/own.bin",
                    "https://localhost/files/" + id + "/own.bin",
                    "http://localhost:" + httpPort + "/files/" + id + "/own.bin",
                    "https://evil.example/?u=https://localhost:" + httpPort + "/files/" + id + "/own.bin")) {
                XMPPErrorException e = assertThrows(XMPPErrorException.class,
                        () -> FilesIT.iq(c, service, "access", MAGPIE_NS, "url='" + foreign + "'", ""), foreign);
                assertEquals(StanzaError.Condition.bad_request, e.getStanzaError().getCondition(), foreign);
                assertTrue(e.getStanzaError().getDescriptiveText("en").contains("is not a download URL of this server's upload service"),
                        e.getStanzaError().getDescriptiveText("en"));
                assertTrue(e.getStanzaError().getDescriptiveText("zh").contains("不是本服务器上传服务的下载地址"));
            }
        } finally {
            c.disconnect();
        }
    }

    // ================================================================ decompression bombs

    @Test
    void aTinyImageDeclaringAGiganticPictureIsStoredWithoutAPreview() throws Exception {
        String a = user();
        byte[] declared = png(50_000, 50_000, 0);
        FilesIT.Uploaded huge = upload(a, "bomb.png", "image/png", declared);
        assertFalse(huge.headers().containsKey("X-Magpie-Thumbnail"), "no preview of 2,500 megapixels");
        // real pixels behind the header: 19,000 x 19,000 (361 megapixels of zeros, a few hundred KB deflated)
        byte[] bomb = png(19_000, 19_000, 19_000);
        assertTrue(bomb.length < 1_000_000, "a small file: " + bomb.length);
        FilesIT.Uploaded b = upload(a, "bomb2.png", "image/png", bomb);
        assertFalse(b.headers().containsKey("X-Magpie-Thumbnail"), "more than files.thumbnail.max.megapixels: no preview");
        HttpResponse<byte[]> back = http.send(FilesIT.get(b.get()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(bomb, back.body(), "the file itself is kept");
    }

    /** A greyscale PNG of the given size whose first {@code rows} rows of zero pixels are really there. */
    static byte[] png(int width, int height, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter method quirks, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[width + 1]; // filter byte 0 and the pixels
            for (int y = 0; y < rows; y++) {
                z.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    // ================================================================ switchable

    @Test
    void stoppingThePluginClosesThePortAndStartingItOpensItAgain() throws Exception {
        FilesIT.Uploaded f = upload(user(), "switch.bin", "application/octet-stream", FilesIT.bytes(3000, 5));
        Bundle files = server.bundle("org.magpie.plugin.files");
        files.stop(Bundle.STOP_TRANSIENT);
        try {
            // closed, and no longer listed among the open ports
            InProcessServer.eventually(Duration.ofSeconds(20), () -> !listening()
                    && InProcessServer.boundPort(server.home(), InProcessServer.FILES_PORT).isEmpty());
        } finally {
            files.start(Bundle.START_TRANSIENT);
        }
        // open again on a free port (files.http.port=0: maybe another one), which the URLs now name
        int before = httpPort;
        httpPort = server.filesPort();
        InProcessServer.eventually(Duration.ofSeconds(30), FilesHttpSafetyIT::listening);
        String again = f.get().replace("://localhost:" + before + "/", "://localhost:" + httpPort + "/");
        InProcessServer.eventually(Duration.ofSeconds(30), () -> {
            try {
                return http.send(FilesIT.get(again).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean listening() {
        try (Socket s = new Socket("127.0.0.1", httpPort)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ================================================================ helpers

    private static String user() throws Exception {
        String name = "safety" + USERS.incrementAndGet();
        server.register(name, PASSWORD, name);
        return name;
    }

    private static FilesIT.Uploaded upload(String user, String name, String type, byte[] content) throws Exception {
        return FilesIT.upload(server, http, user, name, type, content);
    }

    private static long offset(String put) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(put)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 204 ? Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow()) : -1;
    }

    /** A TLS connection written by hand, from a chosen loopback address. */
    static final class Raw implements AutoCloseable {
        private final Socket tcp;
        private final SSLSocket tls;
        private final OutputStream out;

        private Raw(Socket tcp, SSLSocket tls) throws IOException {
            this.tcp = tcp;
            this.tls = tls;
            this.out = tls.getOutputStream();
        }

        static Raw open(String localAddress) throws Exception {
            Socket tcp = new Socket();
            if (localAddress != null) {
                tcp.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            tcp.connect(new InetSocketAddress("127.0.0.1", httpPort), 10_000);
            SSLSocket tls = (SSLSocket) server.sslContext().getSocketFactory().createSocket(tcp, "localhost", httpPort, true);
            tls.setSoTimeout(45_000);
            tls.startHandshake();
            return new Raw(tcp, tls);
        }

        void write(String s) throws IOException {
            send(s.getBytes(StandardCharsets.UTF_8));
        }

        synchronized void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** What the server sends until it closes the connection; fails if it is still open after 45 s. */
        String readUntilClosed() throws IOException {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = tls.getInputStream();
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) >= 0) {
                    answer.write(b, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the connection open: " + answer.toString(StandardCharsets.UTF_8), e);
            } catch (IOException e) {
                // reset: closed too
            }
            return answer.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            tcp.close();
        }
    }
}
