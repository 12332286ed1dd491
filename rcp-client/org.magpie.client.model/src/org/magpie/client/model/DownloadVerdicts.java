package org.magpie.client.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Transfer;

/**
 * What the cards say about this session's downloads: which file each download is of, its progress
 * while it runs, and how it ended (the SHA-256 verdict, or why it failed). Touched on the UI thread only.
 */
final class DownloadVerdicts {

    private final FileCards cards;
    private final TransferPresenter progress;
    private final FailureTexts failures;
    private final Map<String, FileMessage> downloading = new LinkedHashMap<>();
    private final Map<String, String> verdicts = new LinkedHashMap<>();
    /** Per URL: true once downloaded with the SHA-256 verified, false when the download failed. */
    private final Map<String, Boolean> outcomes = new LinkedHashMap<>();

    DownloadVerdicts(FileCards cards, TransferPresenter progress, FailureTexts failures) {
        this.cards = cards;
        this.progress = progress;
        this.failures = failures;
    }

    /** A download of {@code file} began: what an earlier one said is forgotten. */
    void started(Transfer t, FileMessage file) {
        downloading.put(t.id(), file);
        verdicts.remove(file.url());
        outcomes.remove(file.url());
    }

    /** See {@link FilesPresenter#downloadText}; {@code running} are the transfers still shown. */
    String text(String url, Collection<Transfer> running) {
        for (Transfer t : running) {
            FileMessage f = downloading.get(t.id());
            if (f != null && f.url().equals(url)) {
                return progress.progress(t);
            }
        }
        return verdicts.getOrDefault(url, "");
    }

    /** See {@link FilesPresenter#downloadVerified}. */
    Boolean verified(String url) {
        return outcomes.get(url);
    }

    /** The file a download is of, or null for an upload or an unknown transfer. */
    FileMessage fileOf(Transfer t) {
        return downloading.get(t.id());
    }

    /** A transfer finished: a download's card tells the file's name and whether its SHA-256 matched. */
    void done(Transfer t) {
        FileMessage f = downloading.get(t.id());
        if (f != null) {
            // the name only: the card stays small (the chooser showed the folder)
            verdicts.put(f.url(), cards.downloaded(t.verified(), t.file().getFileName().toString()));
            if (t.verified()) {
                outcomes.put(f.url(), true);
            }
        }
    }

    /** A transfer failed: a download's card tells why. */
    void failed(Transfer t) {
        FileMessage f = downloading.get(t.id());
        if (f != null && t.failure() != null) {
            verdicts.put(f.url(), failures.describe(t.failure(), null));
            outcomes.put(f.url(), false);
        }
    }
}
