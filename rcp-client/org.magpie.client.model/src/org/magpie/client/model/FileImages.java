package org.magpie.client.model;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;

/**
 * The images in the chats: their previews (kept once loaded) and the full image for viewing
 * (downloaded once), each refused when its header declares more pixels than the settings allow
 * ({@link ImageSizes}): decoding it could take gigabytes. Touched on the UI thread only.
 */
final class FileImages {

    /** Starts a download for viewing, tracked like every transfer (its row shows, its card says nothing). */
    @FunctionalInterface
    interface ViewingDownloads {
        Transfer start(FileMessage file, String from, boolean group, Path target);
    }

    private final FileTransfers files;
    private final Settings settings;
    private final Texts texts;
    private final Ui ui;
    private final ViewingDownloads downloads;
    private final Map<String, byte[]> previews;
    private final Map<String, String> refusedPreviews;
    private final Map<String, CompletableFuture<Path>> images;

    FileImages(FileTransfers files, Settings settings, Texts texts, Ui ui, ViewingDownloads downloads, int kept) {
        this.files = Objects.requireNonNull(files, "files");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.downloads = Objects.requireNonNull(downloads, "downloads");
        this.previews = LruCache.of(kept);
        this.refusedPreviews = LruCache.of(kept);
        this.images = LruCache.of(kept);
    }

    /** See {@link FilesPresenter#preview}. */
    void preview(FileMessage file, String from, boolean group, Consumer<byte[]> done) {
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
    String previewRefused(String url) {
        return refusedPreviews.get(url);
    }

    /** See {@link FilesPresenter#fullImage}. */
    CompletableFuture<Path> fullImage(FileMessage file, String from, boolean group, Path folder) {
        CompletableFuture<Path> known = images.get(file.url());
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        CompletableFuture<Path> result = new CompletableFuture<>();
        images.put(file.url(), result);
        Path target = folder.resolve(Integer.toHexString(file.url().hashCode()) + "-" + safeName(file.name()));
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            settle(file, result, target, null, refusal(ImageSizes.of(target), ImageSizes.maxPixels(settings)));
            return result;
        }
        Transfer t = downloads.start(file, from, group, target);
        long limit = ImageSizes.maxPixels(settings);
        t.finished().whenComplete((f, failure) -> {
            String refusal = failure != null ? null : refusal(ImageSizes.of(target), limit); // the header, off the UI thread
            ui.execute(() -> settle(file, result, target, failure, refusal));
        });
        return result;
    }

    /** Completes a full image's future; a refused one is forgotten, so that asking again checks again. */
    private void settle(FileMessage file, CompletableFuture<Path> result, Path target, Throwable failure, String refusal) {
        if (failure != null) {
            result.completeExceptionally(failure);
        } else if (refusal != null) {
            images.remove(file.url(), result);
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, refusal));
        } else {
            result.complete(target);
        }
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

    /** A file name safe in any file system (no separators, no control characters). */
    static String safeName(String name) {
        String s = name == null ? "" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "file" : s;
    }
}
