package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of an upload: the hash recorded, image facts and a preview made, the expiry counted from now. */
final class UploadCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCompletion.class);

    private final FileStore store;
    private final FileFolder folder;
    private final FilesConfig config;
    private final Clock clock;
    /** Previews are made here, never on the thread of an upload, and only a few at a time. */
    private final ExecutorService previews;

    UploadCompletion(FileStore store, FileFolder folder, FilesConfig config, Clock clock) {
        this.store = store;
        this.folder = folder;
        this.config = config;
        this.clock = clock;
        this.previews = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "magpie-files-preview");
            t.setDaemon(true);
            return t;
        });
    }

    void stop() {
        previews.shutdownNow();
    }

    /** Records a finished upload: hash, image facts and preview; empty when the slot has gone meanwhile. */
    Optional<FileRecord> complete(FileRecord slot, String sha256) {
        Optional<Thumbnails.Preview> preview = preview(slot);
        String thumbType = null;
        if (preview.isPresent() && preview.get().bytes() != null) {
            try {
                Files.write(folder.thumbnailPath(slot.slotId()), preview.get().bytes());
                thumbType = preview.get().type();
            } catch (IOException e) {
                LOG.warn("cannot store the preview of {}: {}", slot.slotId(), e.getMessage());
            }
        }
        Instant now = clock.instant();
        FileRecord done = slot.completed(sha256, now, SlotRequests.expiry(config, now),
                preview.map(Thumbnails.Preview::width).orElse(null), preview.map(Thumbnails.Preview::height).orElse(null),
                thumbType);
        store.complete(done);
        if (store.bySlot(slot.slotId()).isEmpty()) {
            folder.removeBytes(slot.slotId());
            return Optional.empty();
        }
        LOG.info("file {} uploaded by {}: {} bytes, sha-256 {}", slot.slotId(), slot.owner(), slot.size(), sha256);
        return Optional.of(done);
    }

    /**
     * The image facts and preview, made on the preview threads and waited for at most
     * {@code files.thumbnail.seconds}: an upload completes whatever the image does, without a
     * preview when it takes too long or the preview threads are all busy.
     */
    private Optional<Thumbnails.Preview> preview(FileRecord slot) {
        Path file = folder.path(slot.slotId());
        long maxPixels = config.thumbnail_max_megapixels() * 1_000_000L;
        Future<Optional<Thumbnails.Preview>> job;
        try {
            job = previews.submit(() -> Thumbnails.of(file, config.thumbnail_pixels(), maxPixels));
        } catch (RejectedExecutionException e) {
            LOG.warn("no preview for {}: the preview threads are busy", slot.slotId());
            return Optional.empty();
        }
        try {
            return job.get(config.thumbnail_seconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            LOG.warn("no preview for {}: it took longer than {} s", slot.slotId(), config.thumbnail_seconds());
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            return Optional.empty();
        }
    }
}
