package org.magpie.plugin.rooms.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups there are: rooms loaded from the database on first use and kept, and the numbers handed
 * out by "next free number", held for the user who asked until they expire. Loading and creating
 * rooms and the reservations are guarded by one lock; each room's own state by its monitor.
 */
final class RoomRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");

    private record Reservation(String user, Instant expires) {
    }

    private final RoomStore store;
    private final Texts texts;
    private final DomainBareJid service;
    private final Clock clock;
    private final long firstNumber;
    private final Duration reservation;
    /** Groups one user may have created; 0 = no limit. */
    private final int maxPerUser;

    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private final Map<Long, Reservation> reservations = new HashMap<>();
    private final Object lock = new Object();

    RoomRegistry(RoomStore store, Texts texts, DomainBareJid service, Clock clock, long firstNumber, Duration reservation,
            int maxPerUser) {
        this.store = store;
        this.texts = texts;
        this.service = service;
        this.clock = clock;
        this.firstNumber = firstNumber;
        this.reservation = reservation;
        this.maxPerUser = maxPerUser;
    }

    DomainBareJid service() {
        return service;
    }

    static boolean isNumber(String localpart) {
        return NUMBER.matcher(localpart).matches();
    }

    EntityBareJid roomJid(long number) {
        return JidCreate.entityBareFromOrThrowUnchecked(number + "@" + service);
    }

    static EntityFullJid occupantJid(Room room, String nick) {
        return JidCreate.entityFullFromOrThrowUnchecked(room.jid + "/" + nick);
    }

    /** The loaded room, loading it from the database at first use; null when there is no such group. */
    Room room(long number) {
        Room room = rooms.get(number);
        if (room != null) {
            return room;
        }
        synchronized (lock) {
            room = rooms.get(number);
            if (room == null) {
                Optional<RoomInfo> info = store.room(number);
                if (info.isEmpty()) {
                    return null;
                }
                room = new Room(info.get(), roomJid(number), store.members(number));
                rooms.put(number, room);
            }
            return room;
        }
    }

    /** The room if it is loaded: one not loaded has nobody in it. */
    Room loaded(long number) {
        return rooms.get(number);
    }

    List<Room> loaded() {
        return List.copyOf(rooms.values());
    }

    /** The room of a request, refused with item-not-found when it does not exist or was just destroyed. */
    Room existing(long number) throws StanzaException {
        Room room = room(number);
        if (room == null) {
            throw noSuchGroup(number);
        }
        return room;
    }

    /** A destroyed room is no longer found. */
    void forget(Room room) {
        rooms.remove(room.number, room);
    }

    void clear() {
        rooms.clear();
    }

    /** Hands out the next free number and holds it for the user for a while. */
    long reserveNext(String user) {
        synchronized (lock) {
            Instant now = clock.instant();
            reservations.values().removeIf(r -> r.expires().isBefore(now));
            long number = Math.max(firstNumber, store.maxNumber() + 1);
            for (long reserved : reservations.keySet()) {
                number = Math.max(number, reserved + 1);
            }
            reservations.put(number, new Reservation(user, now.plus(reservation)));
            return number;
        }
    }

    /**
     * The Magpie create request: a configured, open room under the requested number, or the next
     * free one when none is requested; conflict when the number is taken.
     */
    Room create(String requested, String user, String name, String description, boolean membersOnly)
            throws StanzaException {
        synchronized (lock) {
            long number;
            if (requested == null || requested.isBlank()) {
                number = reserveNext(user);
            } else if (isNumber(requested.strip())) {
                number = Long.parseLong(requested.strip());
            } else {
                throw numbersOnly().exception(Condition.NOT_ACCEPTABLE);
            }
            claim(number, user);
            Room room = insert(new RoomInfo(number, name, description, user, membersOnly, false, clock.instant()),
                    new Member(user, Affiliation.OWNER, null, null));
            LOG.info("{} created group {}", user, number);
            return room;
        }
    }

    /** XEP-0045 §10.1: entering a group that does not exist creates it, locked until configured. */
    Room createByJoin(long number, String user, String nick) throws StanzaException {
        synchronized (lock) {
            Room room = room(number);
            if (room != null) {
                return room;
            }
            claim(number, user);
            Instant now = clock.instant();
            room = insert(new RoomInfo(number, Long.toString(number), "", user, false, true, now),
                    new Member(user, Affiliation.OWNER, nick, now));
            LOG.info("{} created group {} by entering it", user, number);
            return room;
        }
    }

    /** Whether this user may create a group of this number: not reserved for another, within their limit. */
    private void claim(long number, String user) throws StanzaException {
        Reservation r = reservations.get(number);
        if (r != null && !r.user().equals(user) && r.expires().isAfter(clock.instant())) {
            throw taken(number);
        }
        // one user cannot fill the server with groups: a limit on those they created and still exist
        if (maxPerUser > 0 && store.createdBy(user) >= maxPerUser) {
            throw texts.text("groups.per.user", Integer.toString(maxPerUser)).exception(Condition.NOT_ALLOWED);
        }
    }

    private Room insert(RoomInfo info, Member owner) throws StanzaException {
        if (!store.create(info)) {
            throw taken(info.number());
        }
        store.saveMember(info.number(), owner);
        reservations.remove(info.number());
        Room room = new Room(info, roomJid(info.number()), List.of(owner));
        rooms.put(info.number(), room);
        return room;
    }

    StanzaException taken(long number) {
        return texts.text("number.taken", Long.toString(number)).exception(Condition.CONFLICT);
    }

    StanzaException noSuchGroup(long number) {
        return texts.text("group.not.found", Long.toString(number)).exception(Condition.ITEM_NOT_FOUND);
    }

    LocalizedText numbersOnly() {
        return texts.text("number.digits.only");
    }
}
