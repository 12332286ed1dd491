package org.magpie.client.model;

import java.util.Locale;
import java.util.Objects;

import org.magpie.client.service.Transfer;

/**
 * What a progress bar shows for a {@link Transfer}: "12.5 MB / 200 MB · 3.2 MB/s", the percentage,
 * the state in words and which buttons make sense (pause, resume, cancel). Sizes in binary units
 * with one decimal, written as KB/MB/GB as users know them.
 */
public final class TransferPresenter {

    private final Texts texts;

    public TransferPresenter(Texts texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
    }

    /** "12.5 MB / 200 MB · 3.2 MB/s" while running; the state's word otherwise. */
    public String progress(Transfer t) {
        String amounts = t.total() >= 0 ? size(t.transferred()) + " / " + size(t.total()) : size(t.transferred());
        return switch (t.state()) {
            case RUNNING -> t.bytesPerSecond() > 0 ? amounts + " · " + size((long) t.bytesPerSecond()) + "/s" : amounts;
            case PAUSED -> amounts + " · " + (t.failure() == null ? texts.get("transfer.paused")
                    : texts.get("transfer.interrupted"));
            case DONE -> t.direction() == Transfer.Direction.DOWNLOAD
                    ? (t.verified() ? texts.get("transfer.downloaded.verified") : texts.get("transfer.downloaded"))
                    : texts.get("transfer.sent");
            case FAILED -> texts.get("transfer.failed");
            case CANCELLED -> texts.get("transfer.cancelled");
        };
    }

    /** 0 to 100, or -1 while the size is unknown. */
    public int percent(Transfer t) {
        if (t.total() <= 0) {
            return t.state() == Transfer.State.DONE ? 100 : -1;
        }
        return (int) Math.min(100, t.transferred() * 100 / t.total());
    }

    /** The line above the bar: "Sending report.pdf" / "Downloading report.pdf". */
    public String title(Transfer t) {
        return texts.get(t.direction() == Transfer.Direction.UPLOAD ? "transfer.sending" : "transfer.downloading", t.name());
    }

    public boolean canPause(Transfer t) {
        return t.state() == Transfer.State.RUNNING;
    }

    public boolean canResume(Transfer t) {
        return t.state() == Transfer.State.PAUSED;
    }

    public boolean canCancel(Transfer t) {
        return t.state() == Transfer.State.RUNNING || t.state() == Transfer.State.PAUSED;
    }

    /** 0 B, 999 B, 1.0 KB, 12.5 MB, 200 MB, 1.5 GB (binary units; no decimal from 100 on). */
    public static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KB", "MB", "GB", "TB" };
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        if (v >= 99.95) {
            return String.format(Locale.ROOT, "%d %s", Math.round(v), units[u]);
        }
        String s = String.format(Locale.ROOT, "%.1f", v);
        return (s.endsWith(".0") && v >= 10 ? s.substring(0, s.length() - 2) : s) + " " + units[u];
    }
}
