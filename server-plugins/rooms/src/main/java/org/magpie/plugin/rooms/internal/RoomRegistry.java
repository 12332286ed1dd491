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
 * The rooms there are, by the localpart of their JID: groups (all digits: their number) and named
 * rooms, loaded from the database on first use and kept, and the numbers handed out by "next free
 * number", held for the user who asked until they expire. Loading and creating rooms and the
 * reservations are guarded by one lock; each room's own state by its monitor.
 */
final class RoomRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

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
    private final NamedRooms named;

    /** Loaded rooms by address (the localpart of their JID). */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<Long, Reservation> reservations = new HashMap<>();
    private final Object lock = new Object();

    RoomRegistry(RoomStore store, Texts texts, DomainBareJid service, Clock clock, long firstNumber, Duration reservation,
            int maxPerUser, NamedRooms named) {
        this.store = store;
        this.texts = texts;
        this.service = service;
        this.clock = clock;
        this.firstNumber = firstNumber;
        this.reservation = reservation;
        this.maxPerUser = maxPerUser;
        this.named = named;
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

    EntityBareJid roomJid(RoomInfo info) {
        return JidCreate.entityBareFromOrThrowUnchecked(info.address() + "@" + service);
    }

    /**
     * Whether a room of this address may exist: digits only are always a group number, so a name can
     * never take one (nor look like one); any other localpart may name a room.
     *
     * @param entering whether the stanza would enter (and so create) the room
     */
    void checkAddress(String address, boolean entering) throws StanzaException {
        if (!isNumber(address) && DIGITS.matcher(address).matches()) {
            throw numbersOnly().exception(entering ? Condition.NOT_ALLOWED : Condition.ITEM_NOT_FOUND);
        }
    }

    static EntityFullJid occupantJid(Room room, String nick) {
        return JidCreate.entityFullFromOrThrowUnchecked(room.jid + "/" + nick);
    }

    /** The loaded room, loading it from the database at first use; null when there is no such room. */
    Room room(String address) {
        Room room = rooms.get(address);
        if (room != null) {
            return room;
        }
        synchronized (lock) {
            room = rooms.get(address);
            if (room == null) {
                Optional<RoomInfo> info = isNumber(address) ? store.room(Long.parseLong(address)) : store.named(address);
                if (info.isEmpty()) {
                    return null;
                }
                room = new Room(info.get(), roomJid(info.get()), store.members(info.get().number()));
                rooms.put(address, room);
            }
            return room;
        }
    }

    /** The room if it is loaded: one not loaded has nobody in it. */
    Room loaded(String address) {
        return rooms.get(address);
    }

    List<Room> loaded() {
        return List.copyOf(rooms.values());
    }

    /** The room of a request, refused with item-not-found when it does not exist or was just destroyed. */
    Room existing(String address) throws StanzaException {
        Room room = room(address);
        if (room == null) {
            throw noSuchGroup(address);
        }
        return room;
    }

    /** A destroyed room is no longer found. */
    void forget(Room room) {
        rooms.remove(room.address, room);
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

    /**
     * XEP-0045 §10.1: entering a room that does not exist creates it, locked until configured: a group
     * when the address is a number (unless someone else holds that number), a named room otherwise
     * (when the server lets users create them), temporary until configured persistent.
     */
    Room createByJoin(String address, String user, String nick) throws StanzaException {
        synchronized (lock) {
            Room room = room(address);
            if (room != null) {
                return room;
            }
            Instant now = clock.instant();
            Member owner = new Member(user, Affiliation.OWNER, nick, now);
            if (!isNumber(address)) {
                named.checkMayCreate(address);
                claimWithinLimit(user);
                long number = Math.min(-1, store.minNumber() - 1);
                room = insert(new RoomInfo(number, address, address, "", user, false, true, false, false, false, false, false, now), owner);
                LOG.info("{} created room {} by entering it", user, address);
                return room;
            }
            long number = Long.parseLong(address);
            claim(number, user);
            room = insert(new RoomInfo(number, Long.toString(number), "", user, false, true, now), owner);
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
        claimWithinLimit(user);
    }

    private void claimWithinLimit(String user) throws StanzaException {
        // one user cannot fill the server with groups: a limit on those they created and still exist
        if (maxPerUser > 0 && store.createdBy(user) >= maxPerUser) {
            throw texts.text("groups.per.user", Integer.toString(maxPerUser)).exception(Condition.NOT_ALLOWED);
        }
    }

    private Room insert(RoomInfo info, Member owner) throws StanzaException {
        if (!store.create(info)) {
            throw info.named() ? texts.text("name.taken", info.localpart()).exception(Condition.CONFLICT) : taken(info.number());
        }
        store.saveMember(info.number(), owner);
        reservations.remove(info.number());
        Room room = new Room(info, roomJid(info), List.of(owner));
        rooms.put(info.address(), room);
        return room;
    }

    StanzaException taken(long number) {
        return texts.text("number.taken", Long.toString(number)).exception(Condition.CONFLICT);
    }

    StanzaException noSuchGroup(String address) {
        return texts.text("group.not.found", address).exception(Condition.ITEM_NOT_FOUND);
    }

    LocalizedText numbersOnly() {
        return texts.text("number.digits.only");
    }
}
