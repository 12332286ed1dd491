package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;

/**
 * Fetches a file into {@code <target>.part}, resumed with Range/If-Range from what an earlier
 * attempt left there, checks its SHA-256, then moves it to the target.
 */
public final class DownloadJob extends TransferJob {

    private static final Logger LOG = Logger.getLogger(DownloadJob.class.getName());
    private static final int BUFFER = 64 * 1024;

    public DownloadJob(TransferContext context, String id, String conversation, boolean group, Path target, String name) {
        super(context, id, conversation, group, target, name);
    }

    /** A new download of {@code file}. */
    public DownloadJob(TransferContext context, String id, String from, boolean group, Path target, FileMessage file) {
        this(context, id, from, group, target, file.name());
        meta = file;
        total = file.size();
    }

    @Override
    public Direction direction() {
        return Direction.DOWNLOAD;
    }

    @Override
    TransferRecord record() {
        return new TransferRecord(id, Direction.DOWNLOAD, account, conversation, group, file, name, total, transferred,
                null, null, meta);
    }

    @Override
    void discard() {
        try {
            Files.deleteIfExists(part());
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not delete " + part(), e);
        }
    }

    private Path part() {
        return file.resolveSibling(file.getFileName() + ".part");
    }

    @Override
    FileMessage attempt() throws Exception {
        FileMessage m = meta;
        save();
        Path part = part();
        Files.createDirectories(part.toAbsolutePath().getParent());
        long from = resumable(part);
        HttpResponse<InputStream> r = context.http().fetch(m.url(), m.url(), group, b -> {
            b.GET();
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
                if (m.sha256() != null) {
                    b.header("If-Range", "\"" + m.sha256() + "\"");
                }
            }
            return b;
        }, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 416) {
            r.body().close();
            Files.deleteIfExists(part); // the part is not a prefix of this file: start again
            throw new IOException("Range not satisfiable; starting again");
        }
        if (r.statusCode() >= 300) {
            r.body().close();
            context.http().check(r, m.url());
        }
        boolean append = r.statusCode() == 206;
        long offset = append ? from : 0;
        FileMessage served = FileHttp.fromHeaders(m.url(), r);
        if (served.size() >= 0) {
            total = served.size();
        }
        transferred = offset;
        report(true);
        if (!append) {
            Files.deleteIfExists(part); // a link there is removed, not followed
        }
        // never through a link: one planted since resumable() looked makes the open fail (O_NOFOLLOW)
        try (InputStream in = new ProgressStream(r.body(), this, offset);
                OutputStream out = Files.newOutputStream(part, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        checkStopped();
        if (total >= 0 && Files.size(part) != total) {
            throw new IOException("The download ended early");
        }
        String expected = m.sha256() != null ? m.sha256() : served.sha256();
        watch(false); // every byte is in: hashing the part here is no silence of the network
        String actual = sha256(part);
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            Files.deleteIfExists(part);
            throw new ServiceException(FailureKind.HASH_MISMATCH,
                    "SHA-256 " + actual + " instead of " + expected + "; the download was discarded.");
        }
        verified = expected != null;
        try {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException notAtomic) {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
        FileMessage done = m.completedBy(served);
        return new FileMessage(done.url(), done.name(), Files.size(file), done.mediaType(), actual, done.width(),
                done.height(), done.thumbnailUrl(), done.thumbnailType());
    }

    /**
     * How much of the file an earlier attempt left in {@code part}: its size when it is a regular
     * file of this user's; 0 when there is none, or when it is a link (or a folder, or another
     * user's file), which is then deleted, never appended through, and the download starts afresh.
     */
    private long resumable(Path part) throws IOException, ServiceException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return 0;
        }
        if (a.isRegularFile() && PrivateFolders.ownedByMe(part)) {
            return a.size();
        }
        LOG.warning(() -> "Download " + name + ": " + part + " is " + (a.isSymbolicLink() ? "a link" : a.isDirectory()
                ? "a folder" : "not a file of this user's") + ", not the part this client left; it is removed and the "
                + "download starts afresh");
        if (a.isDirectory()) {
            throw new ServiceException(FailureKind.INVALID_INPUT, part + " is a folder; the download cannot go there.");
        }
        Files.delete(part); // the link itself, not what it points to
        return 0;
    }

    /** The SHA-256 of a file, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0;) {
                d.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
