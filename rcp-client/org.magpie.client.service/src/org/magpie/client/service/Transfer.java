package org.magpie.client.service;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One upload or download of a file, which can be paused and resumed where it stopped (also after a
 * restart of the client: the service remembers unfinished transfers, see
 * {@link FileTransfers#unfinished()}). Thread-safe.
 *
 * @since 1.5
 */
public interface Transfer {

    enum Direction {
        UPLOAD, DOWNLOAD
    }

    enum State {
        /** Bytes are moving (or the slot is being asked for). */
        RUNNING,
        /** Stopped by the user or by a broken connection; {@link #resume()} continues from the bytes held. */
        PAUSED,
        /** Complete: uploaded and sent, or downloaded and its SHA-256 checked. */
        DONE,
        /** Failed for a reason resuming does not cure (see {@link #failure()}). */
        FAILED,
        /** Given up by the user; nothing remains to resume. */
        CANCELLED
    }

    /** Stable across restarts of the client. */
    String id();

    Direction direction();

    /** The file's name. */
    String name();

    /** The chat partner's or group's bare address (uploads), or the conversation it came from if known (downloads). */
    String conversation();

    /** Whether the conversation is a group. */
    boolean group();

    /** The local file: the one sent, or where the download goes. */
    Path file();

    State state();

    /** Bytes held by the other side (upload) or on disk (download). */
    long transferred();

    /** The file's size in bytes, or -1 while unknown. */
    long total();

    /** Bytes per second over the last seconds, 0 when not running. */
    double bytesPerSecond();

    /** Why the transfer is PAUSED after a break or FAILED, or null. */
    ServiceException failure();

    /**
     * Uploads: the file as it was sent (URL, hash, image details). Downloads: the file as
     * downloaded, its hash verified (the hash computed when the message carried none).
     */
    CompletableFuture<FileMessage> finished();

    /**
     * Whether a finished download's SHA-256 matched the one the message carried (false when the
     * message had none to compare).
     */
    boolean verified();

    /** Stops the transfer and keeps what was moved so far, to be resumed. */
    void pause();

    /** Continues a paused transfer from the bytes the other side (or the disk) holds. */
    void resume();

    /** Stops the transfer for good and forgets it (a partial download file is deleted). */
    void cancel();

    void addListener(TransferListener listener);

    void removeListener(TransferListener listener);
}
