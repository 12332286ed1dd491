package org.magpie.plugin.files.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read a file and where it may go: group membership and friendship (read-only looks at the
 * groups and roster plugins' tables, so this plugin needs none of their code), the download rule,
 * and forwarding a file to a friend or a group.
 */
final class FileAccess {

    private static final Logger LOG = LoggerFactory.getLogger(FileAccess.class);

    private final Texts texts = Texts.of(FileAccess.class);
    private final FileStore store;
    private final Jdbc db;
    private final DomainBareJid domain;
    private final String roomsDomain;
    private final Clock clock;

    FileAccess(FileStore store, Jdbc db, DomainBareJid domain, Clock clock) {
        this.store = store;
        this.db = db;
        this.domain = domain;
        this.roomsDomain = "rooms." + domain;
        this.clock = clock;
    }

    /** The refusal for a file that is not there (never uploaded, expired, removed). */
    StanzaException noSuchFile() {
        return texts.text("file.not.found").exception(Condition.ITEM_NOT_FOUND);
    }

    /** The group's bare JID in normal form, if the user is a member; refused otherwise. */
    String roomToShareIn(String room, String user) throws StanzaException {
        EntityBareJid jid = JidCreate.entityBareFromOrNull(room);
        if (jid == null || !isGroup(jid)) {
            throw texts.text("room.not.group", room, roomsDomain).exception(Condition.BAD_REQUEST);
        }
        if (!isMember(jid.toString(), user)) {
            throw texts.text("room.not.member", jid.getLocalpart().toString()).exception(Condition.FORBIDDEN);
        }
        return jid.toString();
    }

    private boolean isGroup(EntityBareJid jid) {
        return jid.getDomain().toString().equals(roomsDomain) && jid.getLocalpart().toString().matches("\\d{1,18}");
    }

    /** Whether the user is an owner, admin or member of the group now. */
    boolean isMember(String room, String user) {
        return isMember(room, user, clock.instant());
    }

    /**
     * Whether the user is an owner, admin or member of the group, a group that already existed at
     * {@code since} (a destroyed group's number may be taken again; its new members get nothing
     * shared with the old group). Without the groups plugin's tables nobody is a member.
     */
    boolean isMember(String room, String user, Instant since) {
        long number;
        try {
            number = Long.parseLong(room.substring(0, room.indexOf('@')));
        } catch (RuntimeException e) {
            return false;
        }
        try {
            return db.queryFirst("SELECT u.affiliation FROM room_users u JOIN rooms r ON r.number = u.room "
                    + "WHERE u.room = ? AND u.user_jid = ? AND r.created <= ?", rs -> rs.getString(1), number, user, since)
                    .map(a -> a.toLowerCase(Locale.ROOT))
                    .filter(a -> a.equals("owner") || a.equals("admin") || a.equals("member"))
                    .isPresent();
        } catch (StorageException e) {
            LOG.warn("cannot check membership of {} in {}: {}", user, room, e.getCause().getMessage());
            return false;
        }
    }

    /**
     * Whether {@code contact} is on the user's friend list with a subscription either way (a request
     * that was accepted). Without the roster plugin's {@code friends} table nobody is a friend.
     */
    boolean isFriend(String user, String contact) {
        try {
            return db.queryFirst("SELECT subscription FROM friends WHERE owner = ? AND contact = ?", rs -> rs.getString(1),
                    user, contact)
                    .filter(s -> List.of("both", "to", "from").contains(s.strip().toLowerCase(Locale.ROOT)))
                    .isPresent();
        } catch (StorageException e) {
            LOG.warn("cannot check whether {} is a friend of {}: {}", contact, user, e.getCause().getMessage());
            return false;
        }
    }

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
        Instant now = clock.instant();
        Optional<FileRecord> found = Ids.valid(slotId) ? store.bySlot(slotId) : Optional.empty();
        if (found.isEmpty() || !found.get().isComplete() || found.get().isExpired(now)) {
            throw noSuchFile();
        }
        FileRecord f = found.get();
        String user = forwarder.toString();
        if (!mayRead(f, user)) {
            throw texts.text("forward.not.readable").exception(Condition.FORBIDDEN);
        }
        String grantee = grantee(user, target);
        if (f.room() == null || grantee.equals(f.room()) || grantee.equals(f.owner())) {
            return false; // nothing to record: the URL, the membership or the ownership opens it already
        }
        boolean added = store.grant(slotId, grantee, user, now);
        if (added) {
            LOG.info("file {} of group {} forwarded by {} to {}", slotId, f.room(), user, grantee);
        }
        return added;
    }

    /** The bare JID a forward goes to: one of the user's groups or friends; refused otherwise. */
    private String grantee(String user, String target) throws StanzaException {
        EntityBareJid to = target == null ? null : JidCreate.entityBareFromOrNull(target.strip());
        if (to != null && isGroup(to)) {
            if (!isMember(to.toString(), user)) {
                throw texts.text("forward.not.member", to.getLocalpart().toString()).exception(Condition.FORBIDDEN);
            }
            return to.toString();
        }
        if (to != null && to.getDomain().equals(domain)) {
            if (!isFriend(user, to.toString())) {
                throw texts.text("forward.not.friend", to.toString()).exception(Condition.FORBIDDEN);
            }
            return to.toString();
        }
        throw texts.text("forward.bad.target", target, domain.toString(), roomsDomain).exception(Condition.BAD_REQUEST);
    }
}
