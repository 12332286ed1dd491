package org.magpie.client.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
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
    /** How many files' details, kinds and images are kept (the least recently used go first). */
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
    private final Settings settings;
    private final Texts texts;
    private final Ui ui;
    private final FileCards cards;
    private final TransferPresenter progress;
    private final Consumer<ChatMessage> ownMessages;
    private final List<View> views = new CopyOnWriteArrayList<>();
    // UI thread only
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    /** Downloads of full images for viewing: they say nothing on the card. */
    private final Set<String> viewing = new HashSet<>();
    private final MessageFiles messageFiles;
    private final DownloadVerdicts downloads;
    private final FileImages images;
    private final FileForwarding forwarding;

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
        this.settings = Objects.requireNonNull(settings, "settings");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.cards = new FileCards(texts);
        this.progress = new TransferPresenter(texts);
        this.ownMessages = ownMessages == null ? m -> { } : ownMessages;
        this.messageFiles = new MessageFiles(files, history, ui, new FailureTexts(texts), PREVIEWS_KEPT);
        this.downloads = new DownloadVerdicts(cards, progress, new FailureTexts(texts));
        this.images = new FileImages(files, settings, texts, ui, this::downloadForViewing, PREVIEWS_KEPT);
        this.forwarding = new FileForwarding(files, messaging, groups, texts, ui, this::ownMessage);
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
        downloads.started(t, file);
        track(t);
        return t;
    }

    /**
     * What a file's card says about its download: the progress while it runs, the SHA-256 verdict
     * once done, why it failed; empty when it was not downloaded in this session.
     */
    public String downloadText(String url) {
        return downloads.text(url, transfers.values());
    }

    /**
     * How the last download of a file in this session ended: true when its SHA-256 was verified,
     * false when it failed, null while none ended (or the message carried no hash to check).
     */
    public Boolean downloadVerified(String url) {
        return downloads.verified(url);
    }

    /** The file a download is of, or null for an upload or an unknown transfer. */
    public FileMessage fileOf(Transfer t) {
        return downloads.fileOf(t);
    }

    // ------------------------------------------------------------------ files in messages

    /** What a message's text carries: the kind its XEP-0066 data (or the user's own upload) told, else guessed. */
    public MessageKind kind(String text) {
        return messageFiles.kind(text);
    }

    /**
     * Whether a message shows as an image or a file card rather than as text: a link to a file of the
     * server's own upload service. Any other link (someone's {@code http://…/x.png}) stays text, so
     * that nothing is fetched from it without the user asking.
     */
    public boolean isFile(String text) {
        return messageFiles.isFile(text);
    }

    /**
     * The details of a file in a message (kept once known), then {@code done} on the UI thread with
     * them, or with null and the failure's words.
     */
    public void describe(String url, String from, boolean group, BiConsumer<FileMessage, String> done) {
        messageFiles.describe(url, from, group, done);
    }

    /**
     * An image's preview as encoded bytes (kept once loaded), then {@code done} on the UI thread
     * (null: none; {@link #previewRefused(String)} then says why when it was too large). A preview whose
     * header declares more pixels than {@link ImageSizes#maxPixels} allows, or none that can be read,
     * never reaches {@code done}: decoding it could take gigabytes.
     */
    public void preview(FileMessage file, String from, boolean group, Consumer<byte[]> done) {
        images.preview(file, from, group, done);
    }

    /** Why an image's preview was not shown (it declares too many pixels), or null. */
    public String previewRefused(String url) {
        return images.previewRefused(url);
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
        return images.fullImage(file, from, group, folder);
    }

    private Transfer downloadForViewing(FileMessage file, String from, boolean group, Path target) {
        Transfer t = files.download(file, from, group, target, this::heard);
        viewing.add(t.id());
        track(t);
        return t;
    }

    /** The failure of a transfer or a request in the user's words. */
    public String failureText(Throwable failure) {
        return new FailureTexts(texts).describe(failure, null);
    }

    // ------------------------------------------------------------------ forwarding

    /** Friends and groups to forward to, friends first, each by name; {@code except} (the current chat) left out. */
    public List<Target> targets(String except) {
        return forwarding.targets(except);
    }

    /** How a target reads in the forward dialog: "Bob 鲍勃 · bob@example", "# Team · group 10001". */
    public String targetLabel(Target t) {
        return forwarding.targetLabel(t);
    }

    /**
     * Forwards a file (the same link and details, nothing uploaded again), then {@code done} on the
     * UI thread with whether it went and what to tell the user.
     */
    public void forward(FileMessage file, Target to, BiConsumer<Boolean, String> done) {
        forwarding.forward(file, to, done);
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
                    messageFiles.sent(sent);
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
                    if (t.state() == Transfer.State.DONE) {
                        downloads.done(t);
                    }
                    transfers.remove(t.id());
                    viewing.remove(t.id());
                }
                case FAILED -> downloads.failed(t);
                default -> {
                    // running or paused: still shown
                }
            }
            changed(t);
        });
    }

    private void ownMessage(String conversation, FileMessage file) {
        messageFiles.sent(file);
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

}
