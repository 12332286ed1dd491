package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackFileTransfers;
import org.magpie.client.service.smack.SmackFileTransfers.Patience;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.internal.HttpsTrust;

/**
 * Images and files through the service against the real server: upload and download with the
 * SHA-256 checked, an upload paused in the middle and resumed from the server's offset by a new
 * instance (a restarted client), a download paused and resumed with Range, a group's file for its
 * members only and forwarded without a new upload to a friend outside the group, who downloads it,
 * and the server's limits as clear failures. The file port is reached through a {@link LoopbackRelay}
 * (the server's {@code files.public.url} points at it), so a test can break the network in the
 * middle of a 200 MB upload and of its download, silently or with a reset.
 */
class FilesTest {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static final long BIG = 200L << 20;
    /** Quicker than the product's half minute, still far above any pause of a healthy transfer here. */
    private static final Patience QUICK = new Patience(Duration.ofSeconds(5), Duration.ofMillis(100));

    private static MagpieServer server;
    private static LoopbackRelay relay;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        relay = new LoopbackRelay(0); // pointed at the file port once the server has bound it
        // the name the server's certificate holds: Jetty answers 400 to a request for another host name (SNI host check)
        server = MagpieServer.start(tmp, "files.public.url=https://localhost:" + relay.port(),
                "files.max.file.mb=200", "files.types.allowed=image/png,application/octet-stream,text/plain");
        relay.relayTo(server.boundPort(MagpieServer.FILES_PORT));
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        relay.restore(); // also after a test that failed with the network broken
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private record User(String account, SmackMessagingService service, Recorder heard, SmackFileTransfers files,
            Path state) {
    }

    @Test
    void aFileGoesUpAndComesDownWithItsHashChecked() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Path file = random("report.bin", 3_000_000);
        Transfer up = alice.files.send(bob.account, false, file, t -> { });
        FileMessage sent = done(up.finished());
        assertEquals(Transfer.State.DONE, up.state());
        assertEquals(sha256(file), sent.sha256());
        assertEquals(3_000_000, sent.size());
        assertEquals("report.bin", sent.name());

        ChatMessage got = bob.heard.awaitMessage(WAIT);
        assertEquals(sent.url(), got.text());
        assertEquals(MessageKind.FILE, MessageKind.of(got.text(), got.text()));
        FileMessage described = done(bob.files.describe(got.text(), alice.account, false));
        assertEquals(sent.sha256(), described.sha256());
        assertEquals(3_000_000, described.size());
        assertEquals("report.bin", described.name());

        Path target = tmp.resolve("bob-" + System.nanoTime()).resolve("report.bin");
        Transfer down = bob.files.download(described, alice.account, false, target, t -> { });
        FileMessage downloaded = done(down.finished());
        assertTrue(down.verified(), "hash verified");
        assertEquals(sent.sha256(), downloaded.sha256());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
        assertFalse(Files.exists(target.resolveSibling("report.bin.part")));
    }

    @Test
    void aPausedUploadResumesAfterARestartAndAPausedDownloadResumesWithRange() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Path file = random("big.bin", 20_000_000);
        List<Long> seen = new CopyOnWriteArrayList<>();
        Transfer up = alice.files.send(bob.account, false, file, t -> seen.add(t.transferred()));
        eventually(() -> up.transferred() > 2_000_000);
        up.pause();
        eventually(() -> up.state() == Transfer.State.PAUSED);
        long pausedAt = up.transferred();
        assertTrue(pausedAt < 20_000_000, "paused in the middle: " + pausedAt);
        alice.files.close(); // the client quits

        SmackFileTransfers restarted = new SmackFileTransfers(alice.service, alice.state, QUICK);
        closing.add(restarted);
        List<Transfer> left = restarted.unfinished();
        assertEquals(1, left.size(), "the upload is remembered");
        Transfer again = left.get(0);
        assertEquals(Transfer.State.PAUSED, again.state());
        assertEquals("big.bin", again.name());
        List<Long> offsets = new CopyOnWriteArrayList<>();
        again.addListener(t -> offsets.add(t.transferred()));
        again.resume();
        FileMessage sent = done(again.finished());
        assertEquals(sha256(file), sent.sha256());
        assertTrue(offsets.stream().filter(o -> o > 0).findFirst().orElse(0L) >= pausedAt / 2,
                "continued from the server's offset, not from 0: " + offsets.subList(0, Math.min(5, offsets.size())));
        assertTrue(restarted.unfinished().isEmpty());

        ChatMessage got = bob.heard.awaitMessage(WAIT);
        FileMessage f = done(bob.files.describe(got.text(), alice.account, false));
        Path target = tmp.resolve("bob-" + System.nanoTime()).resolve("big.bin");
        Transfer down = bob.files.download(f, alice.account, false, target, t -> { });
        eventually(() -> down.transferred() > 1_000_000);
        down.pause();
        eventually(() -> down.state() == Transfer.State.PAUSED);
        long partial = Files.size(target.resolveSibling("big.bin.part"));
        assertTrue(partial > 0 && partial < 20_000_000, "part kept: " + partial);
        List<Long> downOffsets = new CopyOnWriteArrayList<>();
        down.addListener(t -> downOffsets.add(t.transferred()));
        down.resume();
        done(down.finished());
        assertTrue(down.verified());
        assertTrue(downOffsets.stream().filter(o -> o > 0).findFirst().orElse(0L) >= partial, "ranged: " + downOffsets);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
    }

    @Test
    void aGroupsImageIsForItsMembersAndAForwardOpensItToAFriendOutsideTheGroup() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        User carol = login(register("Carol"));
        Group team = done(alice.service.groups().createGroup(null, "Files 文件", false));
        List<GroupMessage> bobHeard = new CopyOnWriteArrayList<>();
        bob.service.groups().addGroupListener(new GroupListener() {
            @Override
            public void groupMessageReceived(GroupMessage message) {
                bobHeard.add(message);
            }
        });
        done(bob.service.groups().joinGroup(team.number()));

        Path image = tmp.resolve("photo-" + System.nanoTime() + ".png");
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        ImageIO.write(img, "png", image.toFile());
        FileMessage sent = done(alice.files.send(team.address(), true, image, t -> { }).finished());
        assertTrue(sent.isImage());
        assertEquals(640, sent.width());
        assertEquals(480, sent.height());
        assertNotNull(sent.thumbnailUrl());

        eventually(() -> bobHeard.stream().anyMatch(m -> m.text().equals(sent.url())));
        FileMessage f = done(bob.files.describe(sent.url(), team.address(), true));
        assertEquals(sent.sha256(), f.sha256());
        assertEquals(640, f.width());
        byte[] preview = done(bob.files.thumbnail(f, team.address(), true));
        assertTrue(preview.length > 0);
        assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(preview)), "the preview is an image");
        Path target = tmp.resolve("bob-" + System.nanoTime()).resolve("photo.png");
        Transfer down = bob.files.download(f, team.address(), true, target, t -> { });
        done(down.finished());
        assertTrue(down.verified());

        // not a member: no access to the group's file
        Transfer refused = carol.files.download(f, team.address(), true, tmp.resolve("carol-photo.png"), t -> { });
        assertEquals(FailureKind.ACCESS_DENIED, failure(refused.finished()).kind());
        assertEquals(Transfer.State.FAILED, refused.state());

        // carol, not a member, can neither forward the file nor open it to herself
        ServiceException notHers = failure(carol.files.forward(f, carol.account, false));
        assertEquals(FailureKind.ACCESS_DENIED, notHers.kind());
        assertNotNull(notHers.serverText(), "the server says why");

        // bob may forward only to friends (or his groups): carol is not one yet
        assertEquals(FailureKind.ACCESS_DENIED, failure(bob.files.forward(f, carol.account, false)).kind());
        done(bob.service.requestFriend(carol.account, null));
        carol.heard.awaitRequest(WAIT);
        done(carol.service.acceptRequest(bob.account));
        bob.heard.awaitContactChange(c -> c.account().equals(carol.account) && c.isFriend(), WAIT);

        // forwarded to his friend outside the group: the same URL, nothing uploaded, and she can download it
        done(bob.files.forward(f, carol.account, false));
        ChatMessage forwarded = carol.heard.awaitMessage(WAIT);
        assertEquals(sent.url(), forwarded.text());
        FileMessage carolSees = done(carol.files.describe(forwarded.text(), bob.account, false));
        assertEquals(sent.sha256(), carolSees.sha256(), "the details came with the forwarded message");
        byte[] carolsPreview = done(carol.files.thumbnail(carolSees, bob.account, false));
        assertArrayEquals(preview, carolsPreview);
        Path carols = tmp.resolve("carol-" + System.nanoTime()).resolve("photo.png");
        Transfer fromChat = carol.files.download(carolSees, bob.account, false, carols, t -> { });
        done(fromChat.finished());
        assertTrue(fromChat.verified(), "hash verified");
        assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(carols));
    }

    /**
     * A link in a message that is not a file of the server's own upload service is never fetched and
     * never gets a token, even when it carries the slot of a real group file the reader may open (the
     * server would grant a token for that slot, and the client would hand it to the link's owner).
     */
    @Test
    void aForeignLinkIsNeitherFetchedNorGivenATokenAndAForeignThumbnailOfTheServersFileIsNotFetched() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Group team = done(alice.service.groups().createGroup(null, "Links 链接", false));
        done(bob.service.groups().joinGroup(team.number()));
        FileMessage sent = done(alice.files.send(team.address(), true, png("photo.png", 64, 48), t -> { }).finished());
        String slot = slotId(sent.url());
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        connection(bob).addStanzaSendingListener(s -> tokenRequests.add(s.toXML().toString()),
                s -> s instanceof IQ iq && "access".equals(iq.getChildElementName()));

        try (CountingServer attacker = new CountingServer()) {
            String host = "127.0.0.1:" + attacker.port();
            List<String> foreign = List.of("http://" + host + "/files/" + slot + "/photo.png", // a real slot, elsewhere
                    "https://" + host + "/wiki/secret.png", // an intranet page
                    "https://" + host + "/files/" + slot + "/photo.png");
            for (String url : foreign) {
                assertFalse(bob.files.isServerFile(url), url);
                ServiceException described = failure(bob.files.describe(url, team.address(), true));
                assertEquals(List.of(), attacker.requests(), "nothing reached the other host for " + url);
                assertEquals(List.of(), tokenRequests, "no token was asked for " + url);
                assertEquals(FailureKind.UNAVAILABLE, described.kind(), url);
                FileMessage f = new FileMessage(url, "photo.png", 3000, "image/png", null, 0, 0, null, null);
                assertEquals(FailureKind.UNAVAILABLE, failure(bob.files.thumbnail(f, team.address(), true)).kind(), url);
                Transfer down = bob.files.download(f, team.address(), true,
                        tmp.resolve("bob-" + System.nanoTime()).resolve("photo.png"), t -> { });
                assertEquals(FailureKind.UNAVAILABLE, failure(down.finished()).kind(), url);
            }
            // the server's own file whose message names a preview elsewhere: that preview is not fetched either
            FileMessage lure = new FileMessage(sent.url(), "photo.png", sent.size(), "image/png", sent.sha256(), 64, 48,
                    "http://" + host + "/thumbnails/" + slot, "image/png");
            assertEquals(FailureKind.UNAVAILABLE, failure(bob.files.thumbnail(lure, team.address(), true)).kind());

            assertEquals(List.of(), attacker.requests(), "nothing reached the other host");
            assertEquals(List.of(), tokenRequests, "no token was asked for a link elsewhere");
        }
        // the server's own file still comes, with its token
        assertTrue(bob.files.isServerFile(sent.url()));
        assertTrue(bob.files.isServerFile(sent.thumbnailUrl()));
        FileMessage f = done(bob.files.describe(sent.url(), team.address(), true));
        assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(done(bob.files.thumbnail(f, team.address(), true)))));
        assertEquals(1, tokenRequests.size(), "one token, for the group's file on the server: " + tokenRequests);
    }

    /** A .part planted as a link to another file is not appended through: the link goes, the download starts afresh. */
    @Test
    void aPartFileThatIsALinkIsReplacedNotAppendedThrough() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Path file = random("report.bin", 300_000);
        FileMessage sent = done(alice.files.send(bob.account, false, file, t -> { }).finished());
        FileMessage f = done(bob.files.describe(sent.url(), alice.account, false));

        Path dir = Files.createDirectories(tmp.resolve("shared-" + System.nanoTime()));
        Path victim = Files.write(dir.resolve("victim.txt"), "someone else's precious file\n".repeat(40).getBytes());
        byte[] before = Files.readAllBytes(victim);
        Files.createSymbolicLink(dir.resolve("report.bin.part"), victim);

        Transfer down = bob.files.download(f, alice.account, false, dir.resolve("report.bin"), t -> { });
        done(down.finished());
        assertTrue(down.verified());
        assertArrayEquals(before, Files.readAllBytes(victim), "the link's target is unchanged");
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("report.bin")));
        assertFalse(Files.isSymbolicLink(dir.resolve("report.bin")));
        assertFalse(Files.exists(dir.resolve("report.bin.part"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /** The transfers' records and the images kept for viewing are in folders only this user may enter. */
    @Test
    void theClientsFoldersAreItsUsersAlone() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        done(alice.files.send(bob.account, false, random("notes.txt", 1000), t -> { }).finished());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(alice.state)));
        Path viewing = alice.files.viewingFolder();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(viewing)));

        // a folder planted as a link where the images would go is refused, not followed
        Path home = Files.createDirectories(tmp.resolve("home-" + System.nanoTime()));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere-" + System.nanoTime()));
        Files.createSymbolicLink(home.resolve("images"), elsewhere);
        SmackFileTransfers planted = new SmackFileTransfers(alice.service, home.resolve("transfers"), QUICK);
        closing.add(planted);
        ServiceException refused = org.junit.jupiter.api.Assertions.assertThrows(ServiceException.class,
                planted::viewingFolder);
        assertTrue(refused.serverText().contains("link"), refused.serverText());
    }

    /** Bob's connection, to watch what his client sends. */
    private static XMPPTCPConnection connection(User user) throws Exception {
        Method m = SmackMessagingService.class.getDeclaredMethod("filesConnection");
        m.setAccessible(true);
        return (XMPPTCPConnection) m.invoke(user.service);
    }

    private static Path png(String name, int width, int height) throws Exception {
        Path image = Files.createDirectories(tmp.resolve("src-" + System.nanoTime())).resolve(name);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.CYAN);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ImageIO.write(img, "png", image.toFile());
        return image;
    }

    /** A loopback server that records every connection made to it and answers 404. */
    private static final class CountingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Thread thread = new Thread(this::serve, "counting-server");

        CountingServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requests() {
            return requests;
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(2000);
                    byte[] head = new byte[2048];
                    int n = Math.max(0, s.getInputStream().read(head));
                    requests.add(new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).lines().findFirst()
                            .orElse("(a connection)"));
                    s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (IOException closedOrBroken) {
                    // the next one
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void theServersLimitsAreClearFailures() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Transfer tooLarge = alice.files.send(bob.account, false, sparse("huge.bin", BIG + 1), t -> { });
        ServiceException e = failure(tooLarge.finished());
        assertEquals(FailureKind.FILE_TOO_LARGE, e.kind());
        assertNotNull(e.serverText(), "the server's words name the limit");
        assertEquals(Transfer.State.FAILED, tooLarge.state());

        Transfer wrongType = alice.files.send(bob.account, false, random("contract.pdf", 1000), t -> { });
        assertEquals(FailureKind.FILE_TYPE_REFUSED, failure(wrongType.finished()).kind());

        Transfer missing = alice.files.send(bob.account, false, tmp.resolve("no-such-file.txt"), t -> { });
        assertEquals(FailureKind.INVALID_INPUT, failure(missing.finished()).kind());
        assertTrue(alice.files.unfinished().isEmpty(), "failures are not kept for resuming");
    }

    /**
     * Issue 7's "done means": a 200 MB upload loses its network in the middle without a word (a
     * blackhole: no reset, no bytes); the client gives the dead connection up, says PAUSED with the
     * bytes so far and why, and continues from the server's offset once the network is back. The
     * server then holds the whole file; bob's download is cut by a reset in the middle, paused, and
     * resumed with Range, and his copy's SHA-256 is verified.
     */
    @Test
    void a200MbFileCutInTheMiddleOfItsUploadAndOfItsDownloadResumesAndArrivesVerified() throws Exception {
        User alice = login(register("Alice"));
        User bob = login(register("Bob"));
        Path file = random("backup.bin", BIG);
        String hash = sha256(file);

        // the upload: the network goes silent in the middle
        long relayedBefore = relay.up();
        Transfer up = alice.files.send(bob.account, false, file, t -> { });
        eventually(() -> relay.up() - relayedBefore > BIG / 2);
        relay.blackhole();
        long cutAt = relay.up() - relayedBefore;
        long cutTime = System.nanoTime();
        eventually(() -> up.state() != Transfer.State.RUNNING);
        long noticedMs = (System.nanoTime() - cutTime) / 1_000_000;
        assertEquals(Transfer.State.PAUSED, up.state(), "broken, not failed: " + up.failure());
        // the silent connection was given up (TIMEOUT); the attempts after it found the network down
        assertTrue(up.failure().kind() == FailureKind.UNREACHABLE || up.failure().kind() == FailureKind.TIMEOUT,
                "a network failure: " + up.failure().kind() + " " + up.failure().getMessage());
        FailureKind upKind = up.failure().kind();
        long sentSoFar = up.transferred();
        assertTrue(sentSoFar >= cutAt / 2 && sentSoFar < BIG, "bytes so far " + sentSoFar + ", relayed " + cutAt);
        assertFalse(up.finished().isDone());

        relay.restore();
        long held = serverOffset(alice.account, putUrlOf(alice.state));
        assertTrue(held > 0 && held <= cutAt, "the server kept what arrived: " + held + " of " + cutAt);
        List<Long> offsets = new CopyOnWriteArrayList<>();
        up.addListener(t -> offsets.add(t.transferred()));
        long relayedAtResume = relay.up();
        up.resume();
        FileMessage sent = done(up.finished());
        long resent = relay.up() - relayedAtResume;
        assertEquals(hash, sent.sha256());
        assertEquals(BIG, sent.size());
        assertTrue(resent < BIG - held + (1 << 20), "only the rest went again: " + resent + " bytes after " + held);
        assertTrue(offsets.contains(held) && offsets.stream().allMatch(o -> o >= held),
                "continued from the server's offset " + held + ": " + offsets.subList(0, Math.min(5, offsets.size())));
        Path stored = server.home().resolve("data/files").resolve(slotId(sent.url()).substring(0, 2)).resolve(slotId(sent.url()));
        assertEquals(BIG, Files.size(stored), "the server holds the whole file");
        System.out.printf("upload of %d bytes: silenced after %d relayed, noticed in %d ms (PAUSED at %d, %s),"
                + " resumed from the server's %d, %d bytes sent again%n", BIG, cutAt, noticedMs, sentSoFar,
                upKind, held, resent);

        // the download: the connection is reset in the middle
        ChatMessage got = bob.heard.awaitMessage(WAIT);
        FileMessage f = done(bob.files.describe(got.text(), alice.account, false));
        assertEquals(hash, f.sha256());
        Path target = tmp.resolve("bob-" + System.nanoTime()).resolve("backup.bin");
        long downBefore = relay.down();
        Transfer down = bob.files.download(f, alice.account, false, target, t -> { });
        eventually(() -> relay.down() - downBefore > BIG / 2);
        relay.cut();
        long downCutAt = relay.down() - downBefore;
        long downCutTime = System.nanoTime();
        eventually(() -> down.state() != Transfer.State.RUNNING);
        long downNoticedMs = (System.nanoTime() - downCutTime) / 1_000_000;
        assertEquals(Transfer.State.PAUSED, down.state(), "broken, not failed: " + down.failure());
        assertEquals(FailureKind.UNREACHABLE, down.failure().kind());
        long part = Files.size(target.resolveSibling("backup.bin.part"));
        assertEquals(part, down.transferred(), "the bytes so far are the part kept");
        assertTrue(part > 0 && part <= downCutAt, "part " + part + " of " + downCutAt + " relayed");

        relay.restore();
        List<Long> downOffsets = new CopyOnWriteArrayList<>();
        down.addListener(t -> downOffsets.add(t.transferred()));
        long downAtResume = relay.down();
        down.resume();
        done(down.finished());
        long downResent = relay.down() - downAtResume;
        assertTrue(down.verified(), "bob's copy verified");
        assertTrue(downOffsets.contains(part) && downOffsets.stream().allMatch(o -> o >= part),
                "ranged from the part " + part + ": " + downOffsets.subList(0, Math.min(5, downOffsets.size())));
        assertTrue(downResent < BIG - part + (1 << 20), "only the rest came again: " + downResent);
        assertEquals(hash, sha256(target));
        assertFalse(Files.exists(target.resolveSibling("backup.bin.part")));
        System.out.printf("download of %d bytes: reset after %d relayed, noticed in %d ms (PAUSED at %d, UNREACHABLE),"
                + " resumed with Range from %d, %d bytes came again%n", BIG, downCutAt, downNoticedMs, part, part, downResent);
    }

    // ------------------------------------------------------------------ helpers

    /** The upload URL kept for resuming (the secret PUT URL the slot gave). */
    private static String putUrlOf(Path state) throws Exception {
        try (var files = Files.list(state)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                java.util.Properties props = new java.util.Properties();
                try (var in = Files.newInputStream(p)) {
                    props.load(in);
                }
                if (props.getProperty("put") != null) {
                    return props.getProperty("put");
                }
            }
        }
        throw new AssertionError("no upload remembered in " + state);
    }

    /** Upload-Offset of a HEAD on the upload URL: what the server holds (trusted like the client does, by the pin). */
    private static long serverOffset(String account, String putUrl) throws Exception {
        var trust = HttpsTrust.context(new FileTrustStore(tmp.resolve("trust-" + account)), server.address().host(),
                server.address().port());
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(trust).build()) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(putUrl))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(204, r.statusCode());
            return r.headers().firstValueAsLong("Upload-Offset").orElseThrow();
        }
    }

    private static String slotId(String getUrl) {
        String path = URI.create(getUrl).getPath(); // /files/<slot id>/<name>
        return path.split("/")[2];
    }

    /** A file of that size without writing it (the slot is refused before a byte is read). */
    private static Path sparse(String name, long size) throws Exception {
        Path f = Files.createDirectories(tmp.resolve("src-" + System.nanoTime())).resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
        return f;
    }

    private static Path random(String name, long size) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
        Path f = dir.resolve(name);
        Random r = new Random(size);
        byte[] buffer = new byte[1 << 16];
        try (var out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= buffer.length) {
                r.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
        return f;
    }

    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT.toSeconds());
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    private static String register(String nickname) throws Exception {
        String name = "f" + USERS.incrementAndGet() + "-" + nickname.toLowerCase(java.util.Locale.ROOT);
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + name)));
        try {
            done(registrar.register(server.address(), name, PASSWORD, nickname));
        } finally {
            registrar.close();
        }
        return name + "@" + MagpieServer.DOMAIN;
    }

    private User login(String account) throws Exception {
        SmackMessagingService s = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + account)));
        closing.add(s);
        Recorder r = new Recorder();
        s.addListener(r);
        done(s.login(server.address(), account.substring(0, account.indexOf('@')), PASSWORD));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        Path state = tmp.resolve("transfers-" + account);
        SmackFileTransfers files = new SmackFileTransfers(s, state, QUICK);
        closing.add(files);
        return new User(account, s, r, files, state);
    }
}
