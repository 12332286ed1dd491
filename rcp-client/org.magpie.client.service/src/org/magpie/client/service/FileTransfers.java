package org.magpie.client.service;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Images and files of the account logged in through the {@link MessagingService} (the same
 * bundle offers both): uploaded to the server's upload service (XEP-0363) over HTTPS with the
 * server's pinned certificate, resumable in both directions, and sent as messages that carry the
 * URL, size, SHA-256 and, for images, a thumbnail. Failures are {@link ServiceException}s:
 * {@link FailureKind#FILE_TOO_LARGE} (the server's text names the limit), {@link
 * FailureKind#QUOTA_EXCEEDED}, {@link FailureKind#FILE_TYPE_REFUSED}, {@link
 * FailureKind#ACCESS_DENIED}, {@link FailureKind#HASH_MISMATCH}, {@link FailureKind#UNREACHABLE}.
 *
 * @since 1.5
 */
public interface FileTransfers {

    /**
     * Uploads a file and, once complete, sends it to a friend or a group. Starts at once; the
     * transfer's {@link Transfer#finished()} completes with the file as sent.
     *
     * @param to    the friend's or the group's bare address
     * @param group whether {@code to} is a group (its members may download the file)
     * @param file  a readable regular file
     */
    Transfer send(String to, boolean group, Path file, TransferListener listener);

    /**
     * Downloads a received file into {@code target} (through {@code target + ".part"}, resumed with
     * a Range request after a pause or a restart), then checks its SHA-256.
     *
     * @param from  the conversation it came from (a group's file needs the group's access), or null
     * @param group whether {@code from} is a group
     */
    Transfer download(FileMessage file, String from, boolean group, Path target, TransferListener listener);

    /** Sends a received file on to a friend or a group: the same URL and details, nothing uploaded again. */
    CompletableFuture<Void> forward(FileMessage file, String to, boolean group);

    /**
     * What is known about a file link received in a message: the details the message carried, else
     * the server's (a HEAD request). A group's file is asked for with the group's access.
     *
     * @param url   the link (the message's body)
     * @param from  the conversation it came in, or null
     * @param group whether {@code from} is a group
     */
    CompletableFuture<FileMessage> describe(String url, String from, boolean group);

    /** The preview of an image (its thumbnail, else the image itself when small), as encoded bytes. */
    CompletableFuture<byte[]> thumbnail(FileMessage file, String from, boolean group);

    /**
     * Whether a link is a file of the logged-in server's own upload service. Only those are fetched
     * without the user asking ({@link #describe}, {@link #thumbnail}) and given download tokens; any
     * other link in a message stays a link (the service refuses to fetch it with {@link
     * FailureKind#UNAVAILABLE}). Answers at once from what is known (false while offline).
     *
     * @since 1.7
     */
    boolean isServerFile(String url);

    /**
     * A folder only this user may enter (0700 where the file system knows permissions) for the
     * images downloaded to be viewed; created when missing.
     *
     * @throws ServiceException when it cannot be made, or what is there is a link or another user's
     * @since 1.7
     */
    java.nio.file.Path viewingFolder() throws ServiceException;

    /**
     * Transfers of this account left unfinished by an earlier run of the client (or paused in this
     * one), PAUSED; {@link Transfer#resume()} continues them. Empty while offline.
     */
    List<Transfer> unfinished();
}
