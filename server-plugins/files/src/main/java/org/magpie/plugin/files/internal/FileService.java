package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file service's state and rules: slots (limits, quota, types, group marking), where bytes live
 * on disk ({@code data/files/<first two characters of the slot id>/<slot id>}, never a name a user
 * chose), the URLs handed out, group access tokens, and the clean-up job that removes expired files
 * and abandoned uploads. The XMPP side ({@link UploadComponent}) and the HTTP side
 * ({@link FilesServlet}) both work through it.
 */
@Component(service = FileService.class, configurationPid = FileService.PID)
@Designate(ocd = FilesConfig.class)
public final class FileService {

    static final String PID = "org.magpie.files";
    static final String SUBDOMAIN = "upload";
    /** XEP-0363 */
    static final String NS = "urn:xmpp:http:upload:0";
    /** Magpie's additions: the group a file is for, access tokens */
    static final String MAGPIE_NS = "urn:magpie:files:0";
    static final long MIB = 1024L * 1024L;

    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    static final Text NO_SUCH_FILE = new Text("There is no such file (it may have expired).", "没有这个文件（可能已过期）。");

    /** A slot refused because the file is larger than the limit, which the error carries. */
    static final class FileTooLargeException extends StanzaException {
        private static final long serialVersionUID = 1L;
        private final long max;

        FileTooLargeException(Text text, long max) {
            super(text.error(Condition.NOT_ACCEPTABLE));
            this.max = max;
        }

        long max() {
            return max;
        }
    }

    private final FileStore store;
    /** Null in unit tests, which construct this without the core. */
    private AccountDeletions deletions;
    private final DataSource dataSource;
    private final FilesConfig config;
    private final DomainBareJid domain;
    private final DomainBareJid service;
    private final String roomsDomain;
    private final Path root;
    private final String baseUrl;
    private final ContentTypes types;
    private final Ids ids = new Ids();
    private final byte[] accessKey;
    private final Clock clock;
    private final ScheduledExecutorService cleaner;
    /** Previews are made here, never on the thread of an upload, and only a few at a time. */
    private final ExecutorService previews;

    @Activate
    public FileService(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference ServerInfo info, @Reference AccountDeletions deletions,
            BundleContext context, FilesConfig config) throws SQLException, IOException {
        this(new FileStore(dataSource, migrations), dataSource, info.domain(),
                Path.of(orDefault(context.getProperty("magpie.data.dir"), "data")).resolve("files"), config,
                Clock.systemUTC());
        this.deletions = deletions;
        // files of accounts deleted while this plugin was switched off go before it serves anyone
        deletions.catchUp(FileStore.MODULE, this::forgetAccount);
        cleaner.scheduleWithFixedDelay(this::cleanUpQuietly, 0, config.cleanup_interval_seconds(), TimeUnit.SECONDS);
    }

    FileService(FileStore store, DataSource dataSource, DomainBareJid domain, Path root, FilesConfig config, Clock clock)
            throws IOException {
        this.store = store;
        this.dataSource = dataSource;
        this.config = config;
        this.domain = domain;
        this.service = JidCreate.domainBareFromOrThrowUnchecked(SUBDOMAIN + "." + domain);
        this.roomsDomain = "rooms." + domain;
        this.root = root.toAbsolutePath().normalize();
        this.types = new ContentTypes(config.types_allowed());
        this.clock = clock;
        String base = config.public_url().strip();
        if (base.isEmpty()) {
            base = (config.http_tls() ? "https" : "http") + "://" + domain + ":" + config.http_port();
        }
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Files.createDirectories(this.root);
        this.accessKey = accessKey(this.root.resolve("access.key"));
        // a platform thread of its own: the clean-up does JDBC and file I/O, never on a network thread
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "magpie-files-cleanup");
            t.setDaemon(true);
            return t;
        });
        this.previews = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "magpie-files-preview");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void stop() {
        cleaner.shutdownNow();
        previews.shutdownNow();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    // ================================================================ facts

    FilesConfig config() {
        return config;
    }

    DomainBareJid domain() {
        return domain;
    }

    DomainBareJid serviceDomain() {
        return service;
    }

    String baseUrl() {
        return baseUrl;
    }

    long maxFileSize() {
        return config.max_file_mb() * MIB;
    }

    FileStore store() {
        return store;
    }

    Instant now() {
        return clock.instant();
    }

    // ================================================================ slots

    /**
     * A new slot for the owner's file, checked against the limits.
     *
     * @param room bare JID of the group the file is for, or null
     * @throws StanzaException with a text in English and Chinese when the request is refused
     */
    FileRecord requestSlot(EntityBareJid owner, String filename, long size, String contentType, String room)
            throws StanzaException {
        if (filename == null || filename.isBlank() || filename.length() > 255 || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Text("The file needs a name of 1 to 255 characters without control characters.",
                    "文件名须为 1 到 255 个字符，且不能含控制字符。").exception(Condition.BAD_REQUEST);
        }
        if (size < 0) {
            throw new Text("The file size must be a number of bytes, 0 or more.", "文件大小必须是不小于 0 的字节数。")
                    .exception(Condition.BAD_REQUEST);
        }
        long max = maxFileSize();
        if (size > max) {
            throw new FileTooLargeException(new Text(
                    "File too large: " + size + " bytes. The largest file allowed is " + max + " bytes (" + config.max_file_mb()
                            + " MB).",
                    "文件太大：" + size + " 字节。允许的最大文件为 " + max + " 字节（" + config.max_file_mb() + " MB）。"), max);
        }
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : ContentTypes.normalize(contentType);
        if (type == null) {
            throw new Text("The content type '" + contentType + "' is not a valid type/subtype.",
                    "内容类型“" + contentType + "”不是有效的 类型/子类型。").exception(Condition.BAD_REQUEST);
        }
        if (!types.allows(type)) {
            throw new Text("Files of type " + type + " may not be uploaded here. Allowed types: " + types.describe() + ".",
                    "不允许上传 " + type + " 类型的文件。允许的类型：" + types.describe() + "。").exception(Condition.NOT_ACCEPTABLE);
        }
        String user = owner.toString();
        if (room != null) {
            room = checkRoom(room, user);
        }
        Instant now = now();
        long quota = config.quota_mb() * MIB;
        if (quota > 0) {
            long used = store.usage(user, now);
            if (used + size > quota) {
                throw new Text("Upload quota exceeded: your files use " + used + " of " + quota + " bytes (" + config.quota_mb()
                        + " MB) and this one needs " + size + " more. Files are removed " + config.expire_days()
                        + " days after their upload.",
                        "超出上传配额：你的文件已占用 " + used + " / " + quota + " 字节（" + config.quota_mb() + " MB），此文件还需 "
                                + size + " 字节。文件在上传 " + config.expire_days() + " 天后删除。")
                        .exception(Condition.RESOURCE_CONSTRAINT);
            }
        }
        FileRecord slot = FileRecord.slot(ids.next(), ids.next(), user, filename, size, type, now, expiry(now), room);
        store.insert(slot);
        LOG.debug("slot {} for {} ({} bytes, {})", slot.slotId(), user, size, type);
        return slot;
    }

    private Instant expiry(Instant from) {
        return config.expire_days() > 0 ? from.plus(Duration.ofDays(config.expire_days())) : null;
    }

    /** The group's bare JID in normal form, if the user is a member; refused otherwise. */
    private String checkRoom(String room, String user) throws StanzaException {
        EntityBareJid jid = JidCreate.entityBareFromOrNull(room);
        if (jid == null || !jid.getDomain().toString().equals(roomsDomain) || !jid.getLocalpart().toString().matches("\\d{1,18}")) {
            throw new Text("'" + room + "' is not a group of this server (number@" + roomsDomain + ").",
                    "“" + room + "”不是本服务器的群组（群号@" + roomsDomain + "）。").exception(Condition.BAD_REQUEST);
        }
        if (!isMember(jid.toString(), user)) {
            throw new Text("You are not a member of group " + jid.getLocalpart() + ", so you cannot share files there.",
                    "你不是群 " + jid.getLocalpart() + " 的成员，不能在群里分享文件。").exception(Condition.FORBIDDEN);
        }
        return jid.toString();
    }

    /** Whether the user is an owner, admin or member of the group now. */
    boolean isMember(String room, String user) {
        return isMember(room, user, now());
    }

    /**
     * Whether the user is an owner, admin or member of the group, a group that already existed at
     * {@code since} (a destroyed group's number may be taken again; its new members get nothing
     * shared with the old group). Read-only look at the groups plugin's {@code rooms} and
     * {@code room_users} tables, so the file plugin needs no code of the groups plugin; without those
     * tables (groups not installed) nobody is a member.
     */
    boolean isMember(String room, String user, Instant since) {
        long number;
        try {
            number = Long.parseLong(room.substring(0, room.indexOf('@')));
        } catch (RuntimeException e) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT u.affiliation FROM room_users u JOIN rooms r ON r.number = u.room "
                        + "WHERE u.room = ? AND u.user_jid = ? AND r.created <= ?")) {
            ps.setLong(1, number);
            ps.setString(2, user);
            ps.setTimestamp(3, java.sql.Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                String a = rs.getString(1).toLowerCase(Locale.ROOT);
                return a.equals("owner") || a.equals("admin") || a.equals("member");
            }
        } catch (SQLException e) {
            LOG.warn("cannot check membership of {} in {}: {}", user, room, e.getMessage());
            return false;
        }
    }

    /**
     * Whether {@code contact} is on the user's friend list with a subscription either way (a request
     * that was accepted). Read-only look at the roster plugin's {@code friends} table; without it
     * nobody is a friend.
     */
    boolean isFriend(String user, String contact) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT subscription FROM friends WHERE owner = ? AND contact = ?")) {
            ps.setString(1, user);
            ps.setString(2, contact);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && List.of("both", "to", "from").contains(rs.getString(1).strip().toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            LOG.warn("cannot check whether {} is a friend of {}: {}", contact, user, e.getMessage());
            return false;
        }
    }

    // ================================================================ who may read a file

    /**
     * Whether the user may download the file. A 1:1 file: anyone holding its URL (the URL is the
     * capability, as XEP-0363 clients expect). A group's file: its uploader, the group's members, a
     * user it was forwarded to, and the members of a group it was forwarded to; memberships count
     * as they are now.
     */
    boolean mayRead(FileRecord f, String user) {
        if (f.room() == null || user.equals(f.owner()) || isMember(f.room(), user, f.created())) {
            return true;
        }
        for (FileStore.Grant g : store.grants(f.slotId())) {
            if (g.grantee().equals(user) || g.grantee().endsWith("@" + roomsDomain) && isMember(g.grantee(), user, g.created())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forwarding: {@code forwarder} shares a file they may read with a friend or one of their groups.
     * A group's file gets a grant for the target, so the target can ask for access tokens like the
     * group's members; a 1:1 file needs none (its URL is enough), but the same checks apply, so the
     * answer does not depend on what kind of file it is.
     *
     * @return whether a new grant was recorded
     * @throws StanzaException item-not-found (no such file, or expired), forbidden (the forwarder
     *         may not read it; the target is not a friend, or a group the forwarder is not in),
     *         bad-request (the target is not a user or group of this server)
     */
    boolean forward(String slotId, EntityBareJid forwarder, String target) throws StanzaException {
        Optional<FileRecord> found = Ids.valid(slotId) ? store.bySlot(slotId) : Optional.empty();
        if (found.isEmpty() || !found.get().isComplete() || found.get().isExpired(now())) {
            throw NO_SUCH_FILE.exception(Condition.ITEM_NOT_FOUND);
        }
        FileRecord f = found.get();
        String user = forwarder.toString();
        if (!mayRead(f, user)) {
            throw new Text("You cannot forward this file: it was shared in a group you are not a member of, and nobody forwarded it to you.",
                    "你不能转发这个文件：它分享在你未加入的群里，也没有人转发给你。").exception(Condition.FORBIDDEN);
        }
        EntityBareJid to = target == null ? null : JidCreate.entityBareFromOrNull(target.strip());
        String grantee;
        if (to != null && to.getDomain().toString().equals(roomsDomain) && to.getLocalpart().toString().matches("\\d{1,18}")) {
            grantee = to.toString();
            if (!isMember(grantee, user)) {
                throw new Text("You are not a member of group " + to.getLocalpart() + ", so you cannot forward files there.",
                        "你不是群 " + to.getLocalpart() + " 的成员，不能把文件转发到那里。").exception(Condition.FORBIDDEN);
            }
        } else if (to != null && to.getDomain().equals(domain)) {
            grantee = to.toString();
            if (!isFriend(user, grantee)) {
                throw new Text(grantee + " is not your friend: files can be forwarded to your friends and to your groups.",
                        grantee + " 不是你的好友：文件只能转发给好友或你所在的群。").exception(Condition.FORBIDDEN);
            }
        } else {
            throw new Text("'" + target + "' is not a user or group of this server: forward to user@" + domain + " or number@"
                    + roomsDomain + ".", "“" + target + "”不是本服务器的用户或群：请转发给 用户@" + domain + " 或 群号@" + roomsDomain + "。")
                    .exception(Condition.BAD_REQUEST);
        }
        if (f.room() == null || grantee.equals(f.room()) || grantee.equals(f.owner())) {
            return false; // nothing to record: the URL, the membership or the ownership opens it already
        }
        boolean added = store.grant(slotId, grantee, user, now());
        if (added) {
            LOG.info("file {} of group {} forwarded by {} to {}", slotId, f.room(), user, grantee);
        }
        return added;
    }

    // ================================================================ disk and URLs

    /** Where a slot's bytes are; the id must have passed {@link Ids#valid}. */
    Path path(String slotId) {
        if (!Ids.valid(slotId)) {
            throw new IllegalArgumentException("not a slot id");
        }
        Path p = root.resolve(slotId.substring(0, 2)).resolve(slotId).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("outside the files folder");
        }
        return p;
    }

    Path thumbnailPath(String slotId) {
        Path p = path(slotId);
        return p.resolveSibling(slotId + ".thumb");
    }

    String putUrl(FileRecord f) {
        return baseUrl + "/upload/" + f.putToken() + "/" + pathSegment(f.name());
    }

    String getUrl(FileRecord f) {
        return baseUrl + "/files/" + f.slotId() + "/" + pathSegment(f.name());
    }

    String thumbnailUrl(FileRecord f) {
        return baseUrl + "/thumbnails/" + f.slotId();
    }

    /**
     * The slot id in one of this service's download or preview URLs ({@code <base>/files/<id>/<name>},
     * {@code <base>/thumbnails/<id>}): same scheme, host and port as {@link #baseUrl}, no user info,
     * the path under the base's. Empty for any other URL.
     */
    Optional<String> slotInUrl(String url) {
        URI u;
        URI base;
        try {
            u = new URI(url.strip());
            base = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!u.isAbsolute() || u.isOpaque() || u.getRawUserInfo() != null || u.getRawFragment() != null || u.getHost() == null
                || !base.getScheme().equalsIgnoreCase(u.getScheme()) || !base.getHost().equalsIgnoreCase(u.getHost())
                || port(base) != port(u)) {
            return Optional.empty();
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String path = u.getRawPath();
        if (path == null || !path.startsWith(basePath + "/")) {
            return Optional.empty();
        }
        String[] seg = path.substring(basePath.length()).split("/", -1);
        boolean file = (seg.length == 3 || seg.length == 4) && seg[1].equals("files");
        boolean preview = seg.length == 3 && seg[1].equals("thumbnails");
        return (file || preview) && Ids.valid(seg[2]) ? Optional.of(seg[2]) : Optional.empty();
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String pathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    // ================================================================ completion

    /** Records a finished upload: hash, image facts and preview; false when the slot has gone meanwhile. */
    Optional<FileRecord> complete(FileRecord slot, String sha256) {
        Optional<Thumbnails.Preview> preview = preview(slot);
        String thumbType = null;
        if (preview.isPresent() && preview.get().bytes() != null) {
            try {
                Files.write(thumbnailPath(slot.slotId()), preview.get().bytes());
                thumbType = preview.get().type();
            } catch (IOException e) {
                LOG.warn("cannot store the preview of {}: {}", slot.slotId(), e.getMessage());
            }
        }
        Instant now = now();
        FileRecord done = slot.completed(sha256, now, expiry(now), preview.map(Thumbnails.Preview::width).orElse(null),
                preview.map(Thumbnails.Preview::height).orElse(null), thumbType);
        store.complete(done);
        if (store.bySlot(slot.slotId()).isEmpty()) {
            removeBytes(slot.slotId());
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
        Path file = path(slot.slotId());
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

    // ================================================================ group access tokens

    /** A token that lets {@code user} download the slot's file until {@code expires}. */
    String accessToken(String slotId, String user, Instant expires) {
        long e = expires.getEpochSecond();
        return e + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "."
                + mac(slotId + "\n" + user + "\n" + e);
    }

    /** The user a token was made for, if it is genuine, for this slot, and not expired. */
    Optional<String> tokenUser(String token, String slotId) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].matches("\\d{1,18}")) {
            return Optional.empty();
        }
        try {
            long e = Long.parseLong(parts[0]);
            String user = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            byte[] expected = mac(slotId + "\n" + user + "\n" + e).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))
                    || Instant.ofEpochSecond(e).isBefore(now())) {
                return Optional.empty();
            }
            return Optional.of(user);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key signing access tokens: made once, kept beside the files so tokens survive a restart. */
    private static byte[] accessKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length >= 32) {
                return key;
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions apply
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    // ================================================================ removal

    /**
     * Everything a removed account uploaded goes, bytes and rows, and so do the files forwarded to it:
     * a new account of the same name gets nothing of the old one's.
     */
    /** An account was deleted: its files, and those of any deletion not yet handled here, go. */
    void accountDeleted(String username) {
        if (deletions == null) {
            forgetAccount(username);
        } else {
            deletions.catchUp(FileStore.MODULE, this::forgetAccount);
        }
    }

    private void forgetAccount(String username) {
        deleteFilesOf(username + "@" + domain);
    }

    void deleteFilesOf(String owner) {
        int grants = store.deleteGrantsTo(owner);
        if (grants > 0) {
            LOG.info("removed {} forwards to the deleted account {}", grants, owner);
        }
        int n = 0;
        for (FileRecord f : store.byOwner(owner)) {
            delete(f);
            n++;
        }
        if (n > 0) {
            LOG.info("removed {} files of the deleted account {}", n, owner);
        }
    }

    /** One run of the clean-up job: expired files and uploads abandoned for too long. */
    int cleanUp() {
        Instant now = now();
        int n = 0;
        for (FileRecord f : store.expired(now, now.minus(Duration.ofHours(config.incomplete_hours())))) {
            delete(f);
            n++;
        }
        if (n > 0) {
            LOG.info("clean-up removed {} expired files and abandoned uploads", n);
        }
        return n;
    }

    private void cleanUpQuietly() {
        try {
            cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("file clean-up failed, next try in {} s: {}", config.cleanup_interval_seconds(), e.getMessage());
        }
    }

    private void delete(FileRecord f) {
        store.delete(f.slotId()); // the row first: from then on the file is not served
        removeBytes(f.slotId());
    }

    private void removeBytes(String slotId) {
        try {
            Files.deleteIfExists(path(slotId));
            Files.deleteIfExists(thumbnailPath(slotId));
        } catch (IOException e) {
            LOG.warn("cannot remove the bytes of {}: {}", slotId, e.getMessage());
        }
    }
}
