package org.magpie.client.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.Transfer;

/**
 * Images and files in the chats: sending (buttons, drag and drop), the transfers each chat shows
 * with their pause ("cancel"), resume and discard, the transfers an earlier run left unfinished
 * (offered again after every login), downloads to the folder the user chose last time, the details
 * and previews of files in messages, the full image for viewing, and forwarding to a friend or a
 * group. Touched on the UI thread only: the service's calls come back through {@link Ui}.
 */
public final class FilesPresenter implements MessagingListener {

    /** Settings key: the folder the user saved a download to last. */
    public static final String FOLDER = "files.folder";
    /** Transfers that finished are still shown this long, so the user sees how they ended. */
    private static final int PREVIEWS_KEPT = 200;

    /** Whoever shows transfers (the chat parts); always called through {@link Ui}. */
    public interface View {
        /** A transfer began, moved on or changed its state (see {@link #transfers(String)}). */
        void transferChanged(Transfer transfer);

        /** Something about files went wrong in a conversation (e.g. a file that cannot be read). */
        default void filesFailed(String conversation, String text) {
        }
    }

    /** A friend or a group a file can be forwarded to. */
    public record Target(String address, String name, boolean group) {
    }

    private final FileTransfers files;
    private final MessagingService messaging;
    private final GroupService groups;
    private final HistoryService history;
    private final Settings settings;
    private final Texts texts;
    private final Ui ui;
    private final FileCards cards;
    private final TransferPresenter progress;
    private final Consumer<ChatMessage> ownMessages;
    private final List<View> views = new CopyOnWriteArrayList<>();
    // UI thread only
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    private final Map<String, FileMessage> downloading = new LinkedHashMap<>();
    /** Downloads of full images for viewing: they say nothing on the card. */
    private final java.util.Set<String> viewing = new java.util.HashSet<>();
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    /** Per URL: true once downloaded with the SHA-256 verified, false when the download failed. */
    private final Map<String, Boolean> outcomes = new LinkedHashMap<>();
    private final Map<String, FileMessage> described = cache();
    private final Map<String, byte[]> previews = cache();
    private final Map<String, String> refusedPreviews = cache();
    private final Map<String, MessageKind> sentKinds = cache();
    private final Map<String, CompletableFuture<Path>> images = cache();

    /**
     * @param groups      the groups (forward targets), or null
     * @param history     tells the kind of a message's text from its XEP-0066 data, or null
     * @param ownMessages shows a file this user sent in a private chat as the user's own message
     *                    (a group shows it when the group echoes it)
     */
    public FilesPresenter(FileTransfers files, MessagingService messaging, GroupService groups, HistoryService history,
            Settings settings, Texts texts, Ui ui, Consumer<ChatMessage> ownMessages) {
        this.files = Objects.requireNonNull(files, "files");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.groups = groups;
        this.history = history;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.cards = new FileCards(texts);
        this.progress = new TransferPresenter(texts);
        this.ownMessages = ownMessages == null ? m -> { } : ownMessages;
    }

    public void start() {
        messaging.addListener(this);
        if (messaging.state() == ConnectionState.ONLINE) {
            ui.execute(this::offerUnfinished);
        }
    }

    public void stop() {
        messaging.removeListener(this);
    }

    public void addView(View view) {
        views.add(view);
    }

    public void removeView(View view) {
        views.remove(view);
    }

    public FileCards cards() {
        return cards;
    }

    public TransferPresenter progress() {
        return progress;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends files (chosen in a dialog or dropped into the chat) one transfer each; a folder or an
     * unreadable file is refused with a line in the chat.
     */
    public void send(String conversation, boolean group, List<Path> chosen) {
        for (Path file : chosen) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
                views.forEach(v -> v.filesFailed(conversation, texts.get("files.unreadable", name)));
                continue;
            }
            Transfer t = files.send(conversation, group, file, this::heard);
            track(t);
        }
    }

    /** The transfers a conversation shows: running, paused, failed, latest last. */
    public List<Transfer> transfers(String conversation) {
        List<Transfer> list = new ArrayList<>();
        for (Transfer t : transfers.values()) {
            if (conversation.equals(t.conversation())) {
                list.add(t);
            }
        }
        return list;
    }

    /** The progress bar's cancel button: stops the transfer and keeps it to be resumed. */
    public void pause(Transfer t) {
        t.pause();
    }

    public void resume(Transfer t) {
        t.resume();
    }

    /** Gives a paused or failed transfer up for good; it disappears. */
    public void discard(Transfer t) {
        if (progress.canCancel(t)) {
            t.cancel();
        }
        transfers.remove(t.id());
        changed(t);
    }

    // ------------------------------------------------------------------ downloads

    /** Where "Download…" proposes to save a file: the folder used last time, else Downloads, else home. */
    public Path suggestedFolder() {
        String last = settings.get(FOLDER, null);
        if (last != null && !last.isBlank() && Files.isDirectory(Path.of(last))) {
            return Path.of(last);
        }
        Path home = Path.of(System.getProperty("user.home", "."));
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    /** Downloads a file the user chose a place for; its folder becomes the next suggestion. */
    public Transfer download(FileMessage file, String from, boolean group, Path target) {
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null) {
            settings.put(FOLDER, folder.toString());
        }
        Transfer t = files.download(file, from, group, target, this::heard);
        downloading.put(t.id(), file);
        verdicts.remove(file.url());
        outcomes.remove(file.url());
        track(t);
        return t;
    }

    /**
     * What a file's card says about its download: the progress while it runs, the SHA-256 verdict
     * once done, why it failed; empty when it was not downloaded in this session.
     */
    public String downloadText(String url) {
        for (Transfer t : transfers.values()) {
            FileMessage f = downloading.get(t.id());
            if (f != null && f.url().equals(url)) {
                return progress.progress(t);
            }
        }
        return verdicts.getOrDefault(url, "");
    }

    /**
     * How the last download of a file in this session ended: true when its SHA-256 was verified,
     * false when it failed, null while none ended (or the message carried no hash to check).
     */
    public Boolean downloadVerified(String url) {
        return outcomes.get(url);
    }

    /** The file a download is of, or null for an upload or an unknown transfer. */
    public FileMessage fileOf(Transfer t) {
        return downloading.get(t.id());
    }

    // ------------------------------------------------------------------ files in messages

    /** What a message's text carries: the kind its XEP-0066 data (or the user's own upload) told, else guessed. */
    public MessageKind kind(String text) {
        if (text == null) {
            return MessageKind.TEXT;
        }
        MessageKind own = sentKinds.get(text.strip());
        if (own != null) {
            return own;
        }
        return history != null ? history.kind(text) : MessageKind.of(text);
    }

    /**
     * Whether a message shows as an image or a file card rather than as text: a link to a file of the
     * server's own upload service. Any other link (someone's {@code http://…/x.png}) stays text, so
     * that nothing is fetched from it without the user asking.
     */
    public boolean isFile(String text) {
        return kind(text) != MessageKind.TEXT && files.isServerFile(text.strip());
    }

    /**
     * The details of a file in a message (kept once known), then {@code done} on the UI thread with
     * them, or with null and the failure's words.
     */
    public void describe(String url, String from, boolean group, BiConsumer<FileMessage, String> done) {
        String u = url.strip();
        FileMessage known = described.get(u);
        if (known != null) {
            done.accept(known, null);
            return;
        }
        files.describe(u, from, group).whenComplete((f, failure) -> ui.execute(() -> {
            if (f != null) {
                described.put(u, f);
            }
            done.accept(f, failure == null ? null : failureText(failure));
        }));
    }

    /**
     * An image's preview as encoded bytes (kept once loaded), then {@code done} on the UI thread
     * (null: none; {@link #previewRefused(String)} then says why when it was too large). A preview whose
     * header declares more pixels than {@link ImageSizes#maxPixels} allows, or none that can be read,
     * never reaches {@code done}: decoding it could take gigabytes.
     */
    public void preview(FileMessage file, String from, boolean group, Consumer<byte[]> done) {
        byte[] known = previews.get(file.url());
        if (known != null) {
            done.accept(known);
            return;
        }
        long limit = ImageSizes.maxPixels(settings);
        files.thumbnail(file, from, group).whenComplete((bytes, failure) -> {
            String refusal = bytes == null ? null : refusal(ImageSizes.of(bytes), limit); // the header, off the UI thread
            ui.execute(() -> {
                if (refusal != null) {
                    refusedPreviews.put(file.url(), refusal);
                    done.accept(null);
                    return;
                }
                if (bytes != null) {
                    previews.put(file.url(), bytes);
                }
                done.accept(bytes);
            });
        });
    }

    /** Why an image's preview was not shown (it declares too many pixels), or null. */
    public String previewRefused(String url) {
        return refusedPreviews.get(url);
    }

    /** Why an image of this size may not be decoded, or null when it may. */
    private String refusal(ImageSizes.Size size, long limit) {
        if (size == null) {
            return texts.get("files.image.unreadable");
        }
        if (size.width() <= 0 || size.height() <= 0 || size.pixels() > limit) {
            return texts.get("files.image.tooLarge", Integer.toString(size.width()), Integer.toString(size.height()),
                    Long.toString(limit / 1_000_000));
        }
        return null;
    }

    /** A private folder (only this user's) for the images downloaded for viewing (see {@link #fullImage}). */
    public Path viewingFolder() throws ServiceException {
        return files.viewingFolder();
    }

    /**
     * The full image for viewing, downloaded once (through the service, its hash checked) into
     * {@code folder}; the future completes on the UI thread.
     */
    public CompletableFuture<Path> fullImage(FileMessage file, String from, boolean group, Path folder) {
        CompletableFuture<Path> known = images.get(file.url());
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        CompletableFuture<Path> result = new CompletableFuture<>();
        images.put(file.url(), result);
        Path target = folder.resolve(Integer.toHexString(file.url().hashCode()) + "-" + safeName(file.name()));
        if (Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String refusal = refusal(ImageSizes.of(target), ImageSizes.maxPixels(settings));
            if (refusal != null) {
                images.remove(file.url(), result);
                result.completeExceptionally(new ServiceException(FailureKind.OTHER, refusal));
            } else {
                result.complete(target);
            }
            return result;
        }
        Transfer t = files.download(file, from, group, target, this::heard);
        viewing.add(t.id());
        track(t);
        long limit = ImageSizes.maxPixels(settings);
        t.finished().whenComplete((f, failure) -> {
            String refusal = failure != null ? null : refusal(ImageSizes.of(target), limit); // the header, off the UI thread
            ui.execute(() -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else if (refusal != null) {
                    images.remove(file.url(), result);
                    result.completeExceptionally(new ServiceException(FailureKind.OTHER, refusal));
                } else {
                    result.complete(target);
                }
            });
        });
        return result;
    }

    /** The failure of a transfer or a request in the user's words. */
    public String failureText(Throwable failure) {
        return new FailureTexts(texts).describe(failure, null);
    }

    // ------------------------------------------------------------------ forwarding

    /** Friends and groups to forward to, friends first, each by name; {@code except} (the current chat) left out. */
    public List<Target> targets(String except) {
        List<Target> list = new ArrayList<>();
        for (Contact c : messaging.contacts()) {
            if (c.isFriend() && !c.account().equals(except)) {
                list.add(new Target(c.account(), c.nickname() == null || c.nickname().isBlank()
                        ? Accounts.localpart(c.account()) : c.nickname(), false));
            }
        }
        list.sort(Comparator.comparing(Target::name, String.CASE_INSENSITIVE_ORDER));
        if (groups != null) {
            List<Target> rooms = new ArrayList<>();
            for (Group g : groups.groups()) {
                if (!g.address().equals(except)) {
                    rooms.add(new Target(g.address(), g.name(), true));
                }
            }
            rooms.sort(Comparator.comparing(Target::name, String.CASE_INSENSITIVE_ORDER));
            list.addAll(rooms);
        }
        return list;
    }

    /** How a target reads in the forward dialog: "Bob 鲍勃 · bob@example", "# Team · group 10001". */
    public String targetLabel(Target t) {
        if (t.group()) {
            Group g = groups == null ? null : groups.groups().stream().filter(x -> x.address().equals(t.address()))
                    .findFirst().orElse(null);
            return texts.get("files.forward.group", t.name(), g == null ? t.address() : g.number());
        }
        return texts.get("files.forward.friend", t.name(), t.address());
    }

    /**
     * Forwards a file (the same link and details, nothing uploaded again), then {@code done} on the
     * UI thread with whether it went and what to tell the user.
     */
    public void forward(FileMessage file, Target to, BiConsumer<Boolean, String> done) {
        files.forward(file, to.address(), to.group()).whenComplete((v, failure) -> ui.execute(() -> {
            if (failure != null) {
                done.accept(false, texts.get("files.forward.failed", to.name(), failureText(failure)));
                return;
            }
            if (!to.group()) {
                ownMessage(to.address(), file);
            }
            done.accept(true, texts.get("files.forwarded", to.name()));
        }));
    }

    // ------------------------------------------------------------------ MessagingListener

    @Override
    public void stateChanged(ConnectionState state) {
        if (state == ConnectionState.ONLINE) {
            ui.execute(this::offerUnfinished);
        }
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        ui.execute(() -> {
            List<Transfer> gone = new ArrayList<>(transfers.values());
            transfers.clear();
            gone.forEach(this::changed);
        });
    }

    // ------------------------------------------------------------------ helpers

    /** Transfers an earlier run (or a lost connection) left: shown paused, to be resumed. */
    private void offerUnfinished() {
        for (Transfer t : files.unfinished()) {
            if (!transfers.containsKey(t.id())) {
                t.addListener(this::heard);
                track(t);
            }
        }
    }

    private void track(Transfer t) {
        transfers.put(t.id(), t);
        changed(t);
        if (t.direction() == Transfer.Direction.UPLOAD) {
            t.finished().whenComplete((sent, failure) -> ui.execute(() -> {
                if (sent != null) {
                    sentKinds.put(sent.url(), sent.kind());
                    if (!t.group()) {
                        ownMessage(t.conversation(), sent);
                    }
                }
            }));
        }
    }

    /** The service's call (background thread): show the transfer's new state. */
    private void heard(Transfer t) {
        ui.execute(() -> {
            if (!transfers.containsKey(t.id())) {
                return; // discarded, or the session ended
            }
            switch (t.state()) {
                case DONE, CANCELLED -> {
                    FileMessage f = downloading.get(t.id());
                    if (f != null && t.state() == Transfer.State.DONE) {
                        // the name only: the card stays small (the chooser showed the folder)
                        verdicts.put(f.url(), cards.downloaded(t.verified(), t.file().getFileName().toString()));
                        if (t.verified()) {
                            outcomes.put(f.url(), true);
                        }
                    }
                    transfers.remove(t.id());
                    viewing.remove(t.id());
                }
                case FAILED -> {
                    FileMessage f = downloading.get(t.id());
                    if (f != null && t.failure() != null) {
                        verdicts.put(f.url(), failureText(t.failure()));
                        outcomes.put(f.url(), false);
                    }
                }
                default -> {
                    // running or paused: still shown
                }
            }
            changed(t);
        });
    }

    private void ownMessage(String conversation, FileMessage file) {
        sentKinds.put(file.url(), file.kind());
        String account = messaging.account() == null ? "" : messaging.account();
        String nick = messaging.nickname() == null ? Accounts.localpart(account) : messaging.nickname();
        ownMessages.accept(new ChatMessage(conversation, account, nick, file.url(), Instant.now(), true));
    }

    /** Whether a transfer only fetches an image for viewing (its row may show; its card says nothing). */
    public boolean isViewing(Transfer t) {
        return viewing.contains(t.id());
    }

    private void changed(Transfer t) {
        for (View v : views) {
            v.transferChanged(t);
        }
    }

    /** A file name safe in any file system (no separators, no control characters). */
    static String safeName(String name) {
        String s = name == null ? "" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "file" : s;
    }

    private static <K, V> Map<K, V> cache() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > PREVIEWS_KEPT;
            }
        };
    }
}
