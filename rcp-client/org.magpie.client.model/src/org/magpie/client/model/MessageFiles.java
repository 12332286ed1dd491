package org.magpie.client.model;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;

/**
 * The files messages carry: which messages are links to the server's files, of which kind, and
 * their details (kept once known). Touched on the UI thread only.
 */
final class MessageFiles {

    private final FileTransfers files;
    private final HistoryService history;
    private final Ui ui;
    private final FailureTexts failures;
    private final Map<String, FileMessage> described;
    private final Map<String, MessageKind> sentKinds;

    /** @param history tells the kind of a message's text from its XEP-0066 data, or null */
    MessageFiles(FileTransfers files, HistoryService history, Ui ui, FailureTexts failures, int kept) {
        this.files = Objects.requireNonNull(files, "files");
        this.history = history;
        this.ui = Objects.requireNonNull(ui, "ui");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.described = LruCache.of(kept);
        this.sentKinds = LruCache.of(kept);
    }

    /** The user sent (or forwarded) a file: its link is of this kind, whatever it looks like. */
    void sent(FileMessage file) {
        sentKinds.put(file.url(), file.kind());
    }

    /** See {@link FilesPresenter#kind}. */
    MessageKind kind(String text) {
        if (text == null) {
            return MessageKind.TEXT;
        }
        MessageKind own = sentKinds.get(text.strip());
        if (own != null) {
            return own;
        }
        return history != null ? history.kind(text) : MessageKind.of(text);
    }

    /** See {@link FilesPresenter#isFile}. */
    boolean isFile(String text) {
        return kind(text) != MessageKind.TEXT && files.isServerFile(text.strip());
    }

    /** See {@link FilesPresenter#describe}. */
    void describe(String url, String from, boolean group, BiConsumer<FileMessage, String> done) {
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
            done.accept(f, failure == null ? null : failures.describe(failure, null));
        }));
    }
}
