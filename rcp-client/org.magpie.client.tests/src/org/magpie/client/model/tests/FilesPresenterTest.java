package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.Settings;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.TransferListener;

/**
 * The chats' images and files without a display: sending (and refusing what is no file), the
 * cancel button pausing and Resume continuing, transfers left by an earlier run offered at login,
 * downloads remembering the folder and telling the SHA-256 verdict, forward targets and results,
 * and previews of live messages by their XEP-0066 kind; English and Chinese.
 */
class FilesPresenterTest {

    private static final String BOB = "bob@localhost";
    private static final String TEAM = "10001@rooms.localhost";
    /** Where the fake server's upload service keeps its files. */
    private static final String SERVER_FILES = "https://localhost:5443/files/";

    @TempDir
    Path tmp;

    private final FakeMessagingService messaging = new FakeMessagingService();
    private final FakeGroupService groups = new FakeGroupService();
    private final FakeHistoryService history = new FakeHistoryService();
    private final Files2 files = new Files2();
    private final MapSettings settings = new MapSettings();
    private final List<ChatMessage> own = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();

    private FilesPresenter presenter(Locale locale) {
        messaging.account = "alice@localhost";
        messaging.state = ConnectionState.ONLINE;
        messaging.contacts = List.of(new Contact(BOB, "Bob 鲍勃", true, null, Subscription.BOTH, false),
                new Contact("carol@localhost", "Carol", false, null, Subscription.BOTH, false),
                new Contact("dave@localhost", "Dave", false, null, Subscription.NONE, true));
        groups.groups = List.of(new Group(TEAM, "10001", "Team 团队", null, false, Affiliation.MEMBER));
        FilesPresenter p = new FilesPresenter(files, messaging, groups, history, settings, new Texts(locale),
                Runnable::run, own::add);
        p.addView(new FilesPresenter.View() {
            @Override
            public void transferChanged(Transfer t) {
                shown.add(t.name() + " " + t.state());
            }

            @Override
            public void filesFailed(String conversation, String text) {
                shown.add(conversation + ": " + text);
            }
        });
        p.start();
        return p;
    }

    @Test
    void sendingShowsTheTransferCancelPausesResumeContinuesAndTheSentFileBecomesAnOwnMessage() throws Exception {
        FilesPresenter p = presenter(Locale.ENGLISH);
        Path report = Files.writeString(tmp.resolve("report"), "quarterly numbers");
        p.send(BOB, false, List.of(report, tmp));
        FakeTransfer t = files.transfers.get(0);
        assertEquals(1, files.transfers.size(), "the folder is not sent");
        assertEquals(List.of("report RUNNING", BOB + ": Cannot send " + tmp.getFileName() + ": it is not a readable file."),
                shown);
        assertEquals(List.of(t), p.transfers(BOB));

        p.pause(t); // the progress bar's cancel button
        assertEquals(Transfer.State.PAUSED, t.state);
        assertTrue(p.progress().canResume(t));
        assertEquals(List.of(t), p.transfers(BOB), "a paused transfer stays to be resumed");
        p.resume(t);
        assertEquals(Transfer.State.RUNNING, t.state);

        // the link has no extension: only the upload tells that it is a file
        FileMessage sent = new FileMessage("https://localhost:5443/files/abc/report", "report", 17, "text/plain",
                "00", 0, 0, null, null);
        t.finish(sent);
        assertEquals(List.of(), p.transfers(BOB));
        assertEquals(1, own.size());
        assertEquals(new ChatMessage(BOB, "alice@localhost", "Me", sent.url(), own.get(0).time(), true), own.get(0));
        assertEquals(MessageKind.TEXT, MessageKind.of(sent.url()));
        assertEquals(MessageKind.FILE, p.kind(sent.url()));
        assertTrue(p.isFile(sent.url()));
        assertFalse(p.isFile("see you at 3"));

        // in a group the group echoes the message: no own message here
        p.send(TEAM, true, List.of(report));
        files.transfers.get(1).finish(sent);
        assertEquals(1, own.size());
    }

    @Test
    void aDiscardedTransferIsGoneForGoodAndUnfinishedOnesAreOfferedAfterLogin() {
        FakeTransfer left = new FakeTransfer("old.iso", Transfer.Direction.UPLOAD, BOB, Path.of("old.iso"));
        left.state = Transfer.State.PAUSED;
        files.unfinished.add(left);
        FilesPresenter p = presenter(Locale.ENGLISH);
        assertEquals(List.of(left), p.transfers(BOB), "offered at once when already online");
        assertEquals("Sending old.iso", p.progress().title(left));
        p.discard(left);
        assertEquals(Transfer.State.CANCELLED, left.state);
        assertEquals(List.of(), p.transfers(BOB));

        FakeTransfer another = new FakeTransfer("film.mkv", Transfer.Direction.UPLOAD, TEAM, Path.of("film.mkv"));
        another.state = Transfer.State.PAUSED;
        files.unfinished.add(another);
        messaging.listeners.forEach(l -> l.stateChanged(ConnectionState.ONLINE)); // logged in again
        assertEquals(List.of(another), p.transfers(TEAM));
        assertEquals(List.of(), p.transfers(BOB), "a discarded transfer does not come back");
    }

    @Test
    void downloadsRememberTheFolderAndTellTheHashVerdict() throws Exception {
        FilesPresenter p = presenter(Locale.ENGLISH);
        Path chosen = Files.createDirectories(tmp.resolve("Saved"));
        FileMessage pdf = new FileMessage("https://localhost:5443/files/x/plan.pdf", "plan.pdf", 2048,
                "application/pdf", "ab", 0, 0, null, null);
        Transfer t = p.download(pdf, BOB, false, chosen.resolve("plan.pdf"));
        assertEquals(chosen.toString(), settings.values.get(FilesPresenter.FOLDER));
        assertEquals(chosen, p.suggestedFolder(), "the next download starts there");
        assertEquals(pdf, p.fileOf(t));
        FakeTransfer ft = (FakeTransfer) t;
        ft.transferred = 1024;
        ft.changed();
        assertEquals("1.0 KB / 2.0 KB", p.downloadText(pdf.url()));
        ft.verified = true;
        ft.finish(pdf);
        assertEquals("Saved to plan.pdf. SHA-256 verified: the file is intact.",
                p.downloadText(pdf.url()));
        assertEquals(Boolean.TRUE, p.downloadVerified(pdf.url()));

        FakeTransfer broken = (FakeTransfer) p.download(pdf, BOB, false, chosen.resolve("plan.pdf"));
        assertNull(p.downloadVerified(pdf.url()), "a new download: no verdict yet");
        broken.fail(new ServiceException(FailureKind.HASH_MISMATCH, null));
        assertEquals("Failed", p.downloadText(pdf.url()), "the row shows it failed");
        assertEquals(Boolean.FALSE, p.downloadVerified(pdf.url()));
        p.discard(broken);
        assertEquals("The file arrived damaged (its SHA-256 does not match) and was discarded.", p.downloadText(pdf.url()));

        settings.values.put(FilesPresenter.FOLDER, tmp.resolve("gone").toString());
        assertFalse(p.suggestedFolder().endsWith("gone"), "a folder that is gone is not proposed");
    }

    @Test
    void forwardingListsFriendsThenGroupsAndSaysHowItWent() {
        FilesPresenter p = presenter(Locale.ENGLISH);
        List<FilesPresenter.Target> targets = p.targets(BOB);
        assertEquals(List.of(new FilesPresenter.Target("carol@localhost", "Carol", false),
                new FilesPresenter.Target(TEAM, "Team 团队", true)), targets, "not bob's own chat, not a non-friend");
        assertEquals("Carol · carol@localhost", p.targetLabel(targets.get(0)));
        assertEquals("# Team 团队 · group 10001", p.targetLabel(targets.get(1)));
        assertEquals("# Team 团队 · 群 10001", presenter(Locale.SIMPLIFIED_CHINESE).targetLabel(targets.get(1)));

        FileMessage pdf = new FileMessage("https://localhost:5443/files/x/plan.pdf", null, 2048, null, null, 0, 0,
                null, null);
        List<String> said = new ArrayList<>();
        p.forward(pdf, targets.get(0), (ok, text) -> said.add(ok + " " + text));
        assertEquals(List.of("carol@localhost " + pdf.url() + " false"), files.forwards);
        assertEquals(List.of("true Forwarded to Carol."), said);
        assertEquals("carol@localhost", own.get(0).conversation(), "carol's chat shows it as alice's");
        files.forwardFails = true;
        p.forward(pdf, targets.get(1), (ok, text) -> said.add(ok + " " + text));
        assertEquals("false Could not forward to Team 团队: You may not open this file.", said.get(1));
        assertEquals(1, own.size());
    }

    @Test
    void livePreviewsUseTheKindTheMessageCarried() {
        FilesPresenter files = presenter(Locale.ENGLISH);
        InboxPresenter en = new InboxPresenter(history, messaging, groups, new Texts(Locale.ENGLISH), Runnable::run);
        InboxPresenter zh = new InboxPresenter(history, messaging, groups, new Texts(Locale.SIMPLIFIED_CHINESE), Runnable::run);
        en.start();
        zh.start();
        String noExtension = "https://localhost:5443/files/q/README";
        history.kinds.put(noExtension, MessageKind.FILE); // its XEP-0066 data said so
        String photo = "https://localhost:5443/files/p/IMG";
        history.kinds.put(photo, MessageKind.IMAGE);
        Instant now = Instant.now();
        messaging.listeners.forEach(l -> l.messageReceived(new ChatMessage(BOB, BOB, "Bob 鲍勃", noExtension, now, false)));
        groups.listeners.forEach(l -> l.groupMessageReceived(new GroupMessage(TEAM, BOB, "Bob 鲍勃", photo, now, false,
                GroupMessage.Kind.MESSAGE, false)));
        assertEquals("[File]", en.preview(BOB));
        assertEquals("[文件]", zh.preview(BOB));
        assertEquals("Bob 鲍勃: [Image]", en.preview(TEAM));
        assertEquals("Bob 鲍勃: [图片]", zh.preview(TEAM));
        assertTrue(files.isFile(noExtension));

        // the user's own upload: its kind is known from the upload
        String sent = "https://localhost:5443/files/s/notes";
        en.sent(new ChatMessage(BOB, "alice@localhost", "Me", sent, now.plusSeconds(1), true), MessageKind.FILE);
        assertEquals("[File]", en.preview(BOB));
        en.sent(new ChatMessage(BOB, "alice@localhost", "Me", "a link: " + sent, now.plusSeconds(2), true));
        assertTrue(en.preview(BOB).startsWith("a link: https://"), "text with a link stays text: " + en.preview(BOB));
    }

    @Test
    void aLinkThatIsNotTheServersFileStaysTextSoNothingFetchesIt() {
        FilesPresenter p = presenter(Locale.ENGLISH);
        String theirs = "https://intranet-wiki/secret/plan.png";
        history.kinds.put(theirs, MessageKind.IMAGE); // its XEP-0066 data says image
        assertEquals(MessageKind.IMAGE, p.kind(theirs));
        assertFalse(p.isFile(theirs), "shown as a link, never loaded");
        assertFalse(p.isFile("http://attacker/x.png"));
        String ours = SERVER_FILES + "p/IMG.png";
        assertTrue(p.isFile(ours));
    }

    /**
     * A preview whose header declares 50,000 × 50,000 pixels (7.5 GB once decoded) is refused from its
     * header: the 100-odd bytes never reach a decoder, and the card says why. A normal one is shown.
     */
    @Test
    void aPreviewDeclaringBillionsOfPixelsIsRefusedBeforeAnythingDecodesIt() throws Exception {
        FilesPresenter p = presenter(Locale.ENGLISH);
        FileMessage bomb = new FileMessage(SERVER_FILES + "b/bomb.png", "bomb.png", 120, "image/png", null, 0, 0,
                null, null);
        byte[] declared = bombPng(50_000, 50_000);
        assertTrue(declared.length < 1000, "a tiny file: " + declared.length);
        files.previews.put(bomb.url(), declared);
        List<byte[]> delivered = new ArrayList<>();
        p.preview(bomb, BOB, false, delivered::add);
        assertEquals(1, delivered.size());
        assertNull(delivered.get(0), "nothing to decode");
        assertEquals("This image is too large to show here (50000 \u00d7 50000 pixels; at most 50 million): save it and open "
                + "it with another program.", p.previewRefused(bomb.url()));
        FilesPresenter zh = presenter(Locale.SIMPLIFIED_CHINESE);
        zh.preview(bomb, BOB, false, delivered::add);
        assertTrue(zh.previewRefused(bomb.url()).startsWith("这张图片太大"), zh.previewRefused(bomb.url()));

        // a limit of the user's own: a 64 x 48 preview is 3,072 pixels
        FileMessage photo = new FileMessage(SERVER_FILES + "p/photo.png", "photo.png", 300, "image/png", null, 0, 0,
                null, null);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        files.previews.put(photo.url(), png.toByteArray());
        p.preview(photo, BOB, false, delivered::add);
        assertEquals(png.size(), delivered.get(2).length, "a normal preview is shown");
        assertNull(p.previewRefused(photo.url()));
    }

    /** A PNG whose header declares the size, with a few bytes of compressed pixels: what a decompression bomb looks like. */
    private static byte[] bombPng(int width, int height) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB
        chunk(out, "IHDR", ihdr.array());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        deflater.setInput(new byte[4096]); // the start of rows of zeros
        deflater.finish();
        byte[] compressed = new byte[512];
        int n = deflater.deflate(compressed);
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    // ------------------------------------------------------------------ fakes

    private static final class MapSettings implements Settings {
        final Map<String, String> values = new HashMap<>();

        @Override
        public String get(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }
    }

    /** A file service whose transfers the test moves on. */
    private static final class Files2 implements FileTransfers {
        final List<FakeTransfer> transfers = new ArrayList<>();
        final List<Transfer> unfinished = new ArrayList<>();
        final List<String> forwards = new ArrayList<>();
        final Map<String, byte[]> previews = new HashMap<>();
        boolean forwardFails;

        @Override
        public Transfer send(String to, boolean group, Path file, TransferListener listener) {
            FakeTransfer t = new FakeTransfer(file.getFileName().toString(), Transfer.Direction.UPLOAD, to, file);
            t.group = group;
            t.addListener(listener);
            transfers.add(t);
            return t;
        }

        @Override
        public Transfer download(FileMessage file, String from, boolean group, Path target, TransferListener listener) {
            FakeTransfer t = new FakeTransfer(file.name(), Transfer.Direction.DOWNLOAD, from, target);
            t.total = file.size();
            t.addListener(listener);
            transfers.add(t);
            return t;
        }

        @Override
        public CompletableFuture<Void> forward(FileMessage file, String to, boolean group) {
            if (forwardFails) {
                return CompletableFuture.failedFuture(new ServiceException(FailureKind.ACCESS_DENIED, null));
            }
            forwards.add(to + " " + file.url() + " " + group);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<FileMessage> describe(String url, String from, boolean group) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<byte[]> thumbnail(FileMessage file, String from, boolean group) {
            byte[] preview = previews.get(file.url());
            return preview == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(preview);
        }

        @Override
        public boolean isServerFile(String url) {
            return url.startsWith(SERVER_FILES);
        }

        @Override
        public Path viewingFolder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Transfer> unfinished() {
            return unfinished.stream().filter(t -> t.state() != Transfer.State.CANCELLED).toList(); // cancelled: forgotten
        }
    }

    private static final class FakeTransfer implements Transfer {
        private static int ids;
        final String id = "t" + ++ids;
        final String name;
        final Direction direction;
        final String conversation;
        final Path file;
        boolean group;
        volatile State state = State.RUNNING;
        long transferred;
        long total = 100;
        boolean verified;
        ServiceException failure;
        final CompletableFuture<FileMessage> finished = new CompletableFuture<>();
        final List<TransferListener> listeners = new CopyOnWriteArrayList<>();

        FakeTransfer(String name, Direction direction, String conversation, Path file) {
            this.name = name;
            this.direction = direction;
            this.conversation = conversation;
            this.file = file;
        }

        void changed() {
            listeners.forEach(l -> l.changed(this));
        }

        void finish(FileMessage f) {
            state = State.DONE;
            transferred = total;
            changed();
            finished.complete(f);
        }

        void fail(ServiceException e) {
            state = State.FAILED;
            failure = e;
            changed();
            finished.completeExceptionally(e);
        }

        @Override public String id() { return id; }
        @Override public Direction direction() { return direction; }
        @Override public String name() { return name; }
        @Override public String conversation() { return conversation; }
        @Override public boolean group() { return group; }
        @Override public Path file() { return file; }
        @Override public State state() { return state; }
        @Override public long transferred() { return transferred; }
        @Override public long total() { return total; }
        @Override public double bytesPerSecond() { return 0; }
        @Override public ServiceException failure() { return failure; }
        @Override public CompletableFuture<FileMessage> finished() { return finished; }
        @Override public boolean verified() { return verified; }
        @Override public void pause() { state = State.PAUSED; changed(); }
        @Override public void resume() { state = State.RUNNING; changed(); }
        @Override public void cancel() { state = State.CANCELLED; changed(); }
        @Override public void addListener(TransferListener listener) { if (listener != null) { listeners.add(listener); } }
        @Override public void removeListener(TransferListener listener) { listeners.remove(listener); }
    }
}
