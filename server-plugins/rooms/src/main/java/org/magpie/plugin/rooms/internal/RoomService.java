package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.MessageType;
import org.magpie.server.api.PresenceType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.RoomArchive;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups: XEP-0045 multi-user chat rooms on {@code rooms.<domain>}, each named by its number, plus the
 * Magpie requests of namespace {@value #NS} (next free number, create, my groups, leave a group).
 * Rooms are loaded from the database on first use and kept; each room handles one stanza at a time
 * under its own monitor. {@link RoomsComponent}, {@link RoomsSessionListener},
 * {@link RoomsDiscoProvider} and {@link InvitationInterceptor} are the thin OSGi services around it.
 */
@Component(service = RoomService.class, configurationPid = RoomService.PID)
@Designate(ocd = RoomsConfig.class)
public final class RoomService {

    static final String PID = "org.magpie.rooms";
    static final String SUBDOMAIN = "rooms";
    static final String NS = "urn:magpie:rooms:0";
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_USER = MUC + "#user";
    static final String MUC_ADMIN = MUC + "#admin";
    static final String MUC_OWNER = MUC + "#owner";
    static final String DATA = "jabber:x:data";
    static final String DELAY = "urn:xmpp:delay";
    static final String MAM = "urn:xmpp:mam:2";
    static final String SID = "urn:xmpp:sid:0";
    static final String CONFERENCE = "jabber:x:conference";
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_NICK = 64;

    private static final Logger LOG = LoggerFactory.getLogger(RoomService.class);
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");

    static final Text STORAGE = new Text("The server could not save the group just now. Please try again later.",
            "服务器暂时无法保存群组信息，请稍后再试。");
    static final Text NUMBERS_ONLY = new Text("A group is named by its number: digits only, e.g. 10001.",
            "群组以群号命名：只能是数字，例如 10001。");

    private final RoomStore store;
    private final RoomHistory history;
    private final Supplier<StanzaRouter> routerSupplier;
    private volatile StanzaRouter router;
    private final AccountService accounts;
    private final DomainBareJid domain;
    private final DomainBareJid service;
    private final Clock clock;
    private final int historyOnJoin;
    private final long firstNumber;
    private final Duration reservation;
    /** Groups one user may have created; 0 = no limit. */
    private final int maxPerUser;

    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    /** Numbers handed out by "next free number", held for the user who asked until they expire. */
    private final Map<Long, Reservation> reservations = new HashMap<>();
    /** Guards loading and creating rooms and the reservations. */
    private final Object registry = new Object();
    private volatile boolean stopped;

    private record Reservation(String user, Instant expires) {
    }

    /** The message archive, while the archive plugin runs: group messages are stored there before they are sent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RoomArchive archive;
    /** Null in unit tests, which construct this without the core. */
    private AccountDeletions deletions;

    /** The sensitive-word list, while the filter plugin runs: names and reasons others see are checked against it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    private RoomHistory history() {
        RoomArchive a = archive;
        return a == null ? history : new ArchivedRoomHistory(a, this::roomJid);
    }

    /** The core's router is a plain reference: the core tracks plugin services outside DS, no cycle. */
    @Activate
    public RoomService(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference StanzaRouter router,
            @Reference AccountService accounts, @Reference AccountDeletions deletions, @Reference ServerInfo info,
            RoomsConfig config) throws SQLException {
        this(new RoomStore(dataSource, migrations), new MemoryRoomHistory(config.history_on_join()), () -> router,
                accounts, info.domain(), config.history_on_join(), config.number_first(),
                Duration.ofMinutes(config.number_reservation_minutes()), config.max_per_user(), Clock.systemUTC());
        this.deletions = deletions;
        // accounts deleted while this plugin was switched off leave their groups before it serves anyone
        // (no group is loaded and nobody is in one yet, so the stored memberships are all there is)
        deletions.catchUp(RoomStore.MODULE, username -> store.forgetUser(username + "@" + domain));
    }

    RoomService(RoomStore store, RoomHistory history, Supplier<StanzaRouter> router, AccountService accounts,
            DomainBareJid domain, int historyOnJoin, long firstNumber, Duration reservation, int maxPerUser,
            Clock clock) {
        this.store = store;
        this.history = history;
        this.routerSupplier = router;
        this.accounts = accounts;
        this.domain = domain;
        this.service = JidCreate.domainBareFromOrThrowUnchecked(SUBDOMAIN + "." + domain);
        this.historyOnJoin = historyOnJoin;
        this.firstNumber = firstNumber;
        this.reservation = reservation;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
    }

    /** Everyone in a group learns that the service stops (status 332); nothing stays behind. */
    @Deactivate
    void stop() {
        stopped = true;
        for (Room room : List.copyOf(rooms.values())) {
            synchronized (room) {
                for (Occupant o : room.occupantList()) {
                    for (EntityFullJid session : List.copyOf(o.sessions.keySet())) {
                        send(unavailable(room, o, session, Affiliation.NONE, Role.NONE, codes(110, 332), null, null));
                    }
                }
                room.occupants.clear();
            }
        }
        rooms.clear();
    }

    DomainBareJid serviceDomain() {
        return service;
    }

    private StanzaRouter router() {
        StanzaRouter r = router;
        if (r == null) {
            r = Objects.requireNonNull(routerSupplier.get(), "the core's stanza router");
            router = r;
        }
        return r;
    }

    private void send(Stanza stanza) {
        router().route(stanza);
    }

    // ================================================================ entry point

    /** A stanza addressed to the service or a group on it, {@code from} stamped by the server. */
    void process(Stanza s) throws StanzaException {
        String type = s.type();
        if ("error".equals(type) || s.isIq() && "result".equals(type)) {
            return; // failed deliveries to occupants: their sessions' end is handled by the session listener
        }
        if (stopped) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        Jid from = s.from();
        EntityFullJid sender = from == null ? null : from.asEntityFullJidIfPossible();
        if (sender == null || !sender.getDomain().equals(domain)) {
            throw new Text("Groups are for users of this server.", "群组仅供本服务器的用户使用。").exception(Condition.NOT_ALLOWED);
        }
        try {
            Jid to = s.to();
            if (!to.hasLocalpart()) {
                toService(s, sender);
                return;
            }
            String localpart = to.getLocalpartOrThrow().toString();
            if (!NUMBER.matcher(localpart).matches()) {
                if (s.isPresence() && "unavailable".equals(type)) {
                    return;
                }
                throw NUMBERS_ONLY.exception(s.isPresence() ? Condition.NOT_ALLOWED : Condition.ITEM_NOT_FOUND);
            }
            long number = Long.parseLong(localpart);
            Resourcepart nick = to.getResourceOrNull();
            switch (s.kind()) {
                case PRESENCE -> presence(s, sender, number, nick);
                case MESSAGE -> message(s, sender, number, nick);
                case IQ -> {
                    if (nick == null) {
                        roomIq(s, sender, number);
                    } else {
                        occupantIq(s, sender, number, nick.toString());
                    }
                }
            }
        } catch (RoomStore.StorageException e) {
            LOG.error("group request of {} failed: {}", sender, e.getMessage(), e);
            throw STORAGE.exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** A session ended: it leaves every group it was in (membership stays). */
    void sessionClosed(EntityFullJid session) {
        for (Room room : List.copyOf(rooms.values())) {
            synchronized (room) {
                if (room.occupantOf(session) != null) {
                    leave(room, session, null);
                }
            }
        }
    }

    // ================================================================ the service itself

    private void toService(Stanza s, EntityFullJid sender) throws StanzaException {
        if (!s.isIq()) {
            if (s.isMessage()) {
                throw new Text("Send messages to a group (number@" + service + "), not to the service.",
                        "请把消息发给群组（群号@" + service + "），而不是发给服务。").exception(Condition.BAD_REQUEST);
            }
            return;
        }
        Element q = s.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        boolean get = "get".equals(s.type());
        Element reply;
        if (q.is("query", Namespaces.DISCO_INFO) && get && q.attribute("node") == null) {
            reply = Element.builder("query", Namespaces.DISCO_INFO)
                    .child(identity("conference", "text", "Groups"))
                    .children(features(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, MUC, NS, Namespaces.PING))
                    .build();
        } else if (q.is("query", Namespaces.DISCO_ITEMS) && get && q.attribute("node") == null) {
            Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
            for (RoomInfo r : store.publicRooms()) {
                items.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", roomJid(r.number()).toString())
                        .attribute("name", r.name()).build());
            }
            reply = items.build();
        } else if (q.is("ping", Namespaces.PING)) {
            reply = null;
        } else if (q.is("next", NS) && get) {
            reply = next(sender.asEntityBareJid().toString());
        } else if (q.is("create", NS) && !get) {
            reply = create(q, sender.asEntityBareJid().toString());
        } else if (q.is("rooms", NS) && get) {
            reply = myRooms(sender.asEntityBareJid().toString());
        } else {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        send(s.resultReply(reply));
    }

    /** Hands out the next free number and holds it for the user for a while. */
    private Element next(String user) {
        long number;
        synchronized (registry) {
            Instant now = clock.instant();
            reservations.values().removeIf(r -> r.expires().isBefore(now));
            number = Math.max(firstNumber, store.maxNumber() + 1);
            for (long reserved : reservations.keySet()) {
                number = Math.max(number, reserved + 1);
            }
            reservations.put(number, new Reservation(user, now.plus(reservation)));
        }
        return Element.builder("next", NS).attribute("number", Long.toString(number))
                .attribute("jid", roomJid(number).toString()).build();
    }

    /** The Magpie create request: a configured, open room, or conflict when the number is taken. */
    private Element create(Element q, String user) throws StanzaException {
        String name = q.attribute("name") == null ? "" : q.attribute("name").strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new Text("A group needs a name of 1 to " + MAX_NAME + " characters.",
                    "群名称不能为空，且最多 " + MAX_NAME + " 个字符。").exception(Condition.NOT_ACCEPTABLE);
        }
        String description = q.attribute("description") == null ? "" : q.attribute("description").strip();
        checkDescription(description);
        refuseListedWords(name, GROUP_NAME);
        refuseListedWords(description, DESCRIPTION);
        boolean membersOnly = bool(q.attribute("membersonly"));
        String requested = q.attribute("number");
        long number;
        synchronized (registry) {
            if (requested == null || requested.isBlank()) {
                number = Long.parseLong(next(user).attribute("number"));
            } else {
                if (!NUMBER.matcher(requested.strip()).matches()) {
                    throw NUMBERS_ONLY.exception(Condition.NOT_ACCEPTABLE);
                }
                number = Long.parseLong(requested.strip());
            }
            Reservation r = reservations.get(number);
            if (r != null && !r.user().equals(user) && r.expires().isAfter(clock.instant())) {
                throw taken(number);
            }
            checkGroupsPerUser(user);
            RoomInfo info = new RoomInfo(number, name, description, user, membersOnly, false, clock.instant());
            if (!store.create(info)) {
                throw taken(number);
            }
            Member owner = new Member(user, Affiliation.OWNER, null, null);
            store.saveMember(number, owner);
            reservations.remove(number);
            rooms.put(number, new Room(info, roomJid(number), List.of(owner)));
        }
        LOG.info("{} created group {}", user, number);
        return Element.builder("create", NS).child(roomElement(rooms.get(number).info, Affiliation.OWNER, null)).build();
    }

    static StanzaException taken(long number) {
        return new Text("The group number " + number + " is taken: choose another number.",
                "群号 " + number + " 已被占用，请换一个群号。").exception(Condition.CONFLICT);
    }

    private Element myRooms(String user) {
        Element.Builder list = Element.builder("rooms", NS);
        for (RoomStore.Membership m : store.membershipsOf(user)) {
            if (!m.room().locked() || m.member().affiliation() == Affiliation.OWNER) {
                list.child(roomElement(m.room(), m.member().affiliation(), m.member().nickname()));
            }
        }
        return list.build();
    }

    private Element roomElement(RoomInfo r, Affiliation affiliation, String nick) {
        return Element.builder("room", NS).attribute("number", Long.toString(r.number()))
                .attribute("jid", roomJid(r.number()).toString()).attribute("name", r.name())
                .attribute("description", r.description().isEmpty() ? null : r.description())
                .attribute("membersonly", Boolean.toString(r.membersOnly()))
                .attribute("affiliation", affiliation.xmlName()).attribute("nick", nick).build();
    }

    // ================================================================ rooms

    EntityBareJid roomJid(long number) {
        return JidCreate.entityBareFromOrThrowUnchecked(number + "@" + service);
    }

    /** The loaded room, loading it from the database at first use; null when there is no such group. */
    Room room(long number) {
        Room room = rooms.get(number);
        if (room != null) {
            return room;
        }
        synchronized (registry) {
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

    private Room existing(long number) throws StanzaException {
        Room room = room(number);
        if (room == null) {
            throw noSuchGroup(number);
        }
        return room;
    }

    /** One user cannot fill the server with groups: a limit on those they created and still exist. */
    private void checkGroupsPerUser(String user) throws StanzaException {
        if (maxPerUser > 0 && store.createdBy(user) >= maxPerUser) {
            throw new Text("You may have created at most " + maxPerUser
                    + " groups, and you have reached that. Dissolve a group you no longer need, then try again.",
                    "每人最多可创建 " + maxPerUser + " 个群组，您已达到上限。请先解散不再需要的群组，然后再试。")
                    .exception(Condition.NOT_ALLOWED);
        }
    }

    static StanzaException noSuchGroup(long number) {
        return new Text("There is no group " + number + ".", "群组 " + number + " 不存在。").exception(Condition.ITEM_NOT_FOUND);
    }

    /** XEP-0045 §10.1: entering a group that does not exist creates it, locked until configured. */
    private Room createByJoin(long number, String user, String nick) throws StanzaException {
        synchronized (registry) {
            Room room = room(number);
            if (room != null) {
                return room;
            }
            Reservation r = reservations.get(number);
            if (r != null && !r.user().equals(user) && r.expires().isAfter(clock.instant())) {
                throw taken(number);
            }
            checkGroupsPerUser(user);
            Instant now = clock.instant();
            RoomInfo info = new RoomInfo(number, Long.toString(number), "", user, false, true, now);
            if (!store.create(info)) {
                throw taken(number);
            }
            Member owner = new Member(user, Affiliation.OWNER, nick, now);
            store.saveMember(number, owner);
            reservations.remove(number);
            room = new Room(info, roomJid(number), List.of(owner));
            rooms.put(number, room);
            LOG.info("{} created group {} by entering it", user, number);
            return room;
        }
    }

    // ================================================================ presence: enter, change, leave

    private void presence(Stanza p, EntityFullJid sender, long number, Resourcepart nickPart) throws StanzaException {
        String type = p.type();
        if ("unavailable".equals(type)) {
            Room room = rooms.get(number);
            if (room != null) {
                synchronized (room) {
                    leave(room, sender, p);
                }
            }
            return;
        }
        if (type != null) {
            return; // subscriptions and probes mean nothing to a group
        }
        if (nickPart == null) {
            throw new Text("Enter a group with a nickname: " + number + "@" + service + "/YourName.",
                    "进入群组需要昵称：" + number + "@" + service + "/昵称。").exception(Condition.JID_MALFORMED);
        }
        String nick = nickPart.toString();
        if (nick.isBlank() || nick.length() > MAX_NICK) {
            throw new Text("A nickname has 1 to " + MAX_NICK + " characters.", "昵称需为 1 到 " + MAX_NICK + " 个字符。")
                    .exception(Condition.NOT_ACCEPTABLE);
        }
        String user = sender.asEntityBareJid().toString();
        boolean created = false;
        Room room = room(number);
        if (room == null) {
            refuseListedWords(nick, NICKNAME);
            room = createByJoin(number, user, nick);
            created = true;
        }
        synchronized (room) {
            if (room.destroyed) {
                throw noSuchGroup(number);
            }
            enter(room, p, sender, nick, created);
        }
    }

    private void enter(Room room, Stanza p, EntityFullJid sender, String nick, boolean created) throws StanzaException {
        String user = sender.asEntityBareJid().toString();
        Occupant current = room.occupantOf(sender);
        if (current != null) {
            if (current.nick.equals(nick)) {
                current.sessions.put(sender, p); // a presence change: status, show
                broadcastPresence(room, current, Set.of(), null);
                return;
            }
            changeNick(room, current, sender, nick, p);
            return;
        }
        refuseListedWords(nick, NICKNAME);
        Affiliation affiliation = room.affiliation(user);
        if (room.info.locked() && affiliation != Affiliation.OWNER) {
            throw new Text("The group " + room.number + " is still being set up by its owner; try again shortly.",
                    "群组 " + room.number + " 正在由群主设置，请稍后再试。").exception(Condition.ITEM_NOT_FOUND);
        }
        if (affiliation == Affiliation.OUTCAST) {
            throw new Text("You are banned from the group " + room.number + ".", "您已被禁止进入群组 " + room.number + "。")
                    .exception(Condition.FORBIDDEN);
        }
        boolean invited = !affiliation.isMember() && store.invited(room.number, user);
        if (room.info.membersOnly() && !affiliation.isMember() && !invited) {
            throw new Text("The group " + room.number + " is for members only: ask a member to invite you.",
                    "群组 " + room.number + " 仅限成员加入：请让群成员邀请您。").exception(Condition.REGISTRATION_REQUIRED);
        }
        Occupant holder = room.occupants.get(nick);
        if (holder != null && !holder.user.equals(sender.asEntityBareJid())) {
            throw new Text("The nickname " + nick + " is taken in this group: choose another one.",
                    "昵称 " + nick + " 在本群中已被使用，请换一个。").exception(Condition.CONFLICT);
        }
        Occupant otherNick = room.occupantOfUser(user);
        if (otherNick != null && holder == null) {
            throw new Text("You are in this group as " + otherNick.nick + " already: use that nickname.",
                    "您已以昵称 " + otherNick.nick + " 在本群中，请使用该昵称。").exception(Condition.CONFLICT);
        }
        // joining makes a member: the group stays in the user's list until they leave it
        Member before = room.members.get(user);
        boolean firstEntry = before == null || before.joined() == null;
        Member after = (before == null || !before.affiliation().isMember()
                ? new Member(user, Affiliation.MEMBER, nick, null) : before).entered(nick, clock.instant());
        if (!after.equals(before)) {
            store.saveMember(room.number, after);
            room.members.put(user, after);
        }
        if (invited) {
            store.removeInvitation(room.number, user);
        }
        // a new member's affiliation reaches the others with the presence below, no separate announcement
        Occupant occupant;
        if (holder != null) {
            occupant = holder; // another session of the same user under the same nickname
            occupant.sessions.put(sender, p);
            for (Occupant o : room.occupantList()) {
                if (o != occupant) {
                    send(presenceOf(room, o, sender, Set.of()));
                }
            }
            send(presenceOf(room, occupant, sender, codes(110, 100)));
        } else {
            occupant = new Occupant(nick, sender.asEntityBareJid(), after.affiliation().defaultRole());
            occupant.sessions.put(sender, p);
            for (Occupant o : room.occupantList()) {
                send(presenceOf(room, o, sender, Set.of()));
            }
            room.occupants.put(nick, occupant);
            broadcastPresence(room, occupant, created ? codes(100, 201) : codes(100), null);
        }
        sendHistory(room, sender, p);
        send(Stanza.create(Stanza.Kind.MESSAGE, room.jid, sender, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(Element.builder("subject", Namespaces.CLIENT).text(room.subject).build())));
        if (firstEntry && !created) {
            notice(room, nick, user, "joined", nick + " joined the group");
        }
    }

    private void changeNick(Room room, Occupant o, EntityFullJid sender, String nick, Stanza p) throws StanzaException {
        refuseListedWords(nick, NICKNAME);
        Occupant holder = room.occupants.get(nick);
        if (holder != null) {
            throw new Text("The nickname " + nick + " is taken in this group: choose another one.",
                    "昵称 " + nick + " 在本群中已被使用，请换一个。").exception(Condition.CONFLICT);
        }
        Affiliation a = room.affiliation(o.user.toString());
        // XEP-0045 §7.6: unavailable with status 303 and the new nick, then the new presence
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                Set<Integer> c = r == o ? codes(303, 110) : codes(303);
                send(unavailable(room, o, to, a, o.role, c, nick, null));
            }
        }
        room.occupants.remove(o.nick);
        Occupant renamed = new Occupant(nick, o.user, o.role);
        renamed.sessions.putAll(o.sessions);
        renamed.sessions.put(sender, p);
        room.occupants.put(nick, renamed);
        Member m = room.members.get(o.user.toString());
        if (m != null) {
            Member updated = new Member(m.user(), m.affiliation(), nick, m.joined());
            store.saveMember(room.number, updated);
            room.members.put(m.user(), updated);
        }
        broadcastPresence(room, renamed, Set.of(), null);
    }

    /** One session leaves; the occupant goes when its last session has. Membership stays. */
    private void leave(Room room, EntityFullJid session, Stanza p) {
        Occupant o = room.occupantOf(session);
        if (o == null) {
            return;
        }
        String status = p == null ? null : p.element().child("status", Namespaces.CLIENT).map(Element::text).orElse(null);
        o.sessions.remove(session);
        Affiliation a = room.affiliation(o.user.toString());
        send(unavailable(room, o, session, a, Role.NONE, codes(110), null, status));
        if (!o.sessions.isEmpty()) {
            return;
        }
        room.occupants.remove(o.nick);
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(unavailable(room, o, to, a, Role.NONE, Set.of(), null, status));
            }
        }
    }

    /** Takes an occupant out of the room (kick, ban, membership removed), telling everyone why. */
    private void remove(Room room, Occupant o, Affiliation a, Set<Integer> why, String actor, String reason) {
        room.occupants.remove(o.nick);
        for (EntityFullJid to : o.sessions.keySet()) {
            Set<Integer> c = new TreeSet<>(why);
            c.add(110);
            send(removal(room, o, to, a, c, actor, reason));
        }
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(removal(room, o, to, a, why, actor, reason));
            }
        }
    }

    private Stanza removal(Room room, Occupant o, EntityFullJid to, Affiliation a, Set<Integer> codes, String actor,
            String reason) {
        Element.Builder item = Element.builder("item", MUC_USER).attribute("affiliation", a.xmlName())
                .attribute("role", Role.NONE.xmlName()).attribute("jid", o.mainSession().toString());
        if (actor != null) {
            item.child(Element.builder("actor", MUC_USER).attribute("nick", actor).build());
        }
        if (reason != null && !reason.isBlank()) {
            item.child(Element.builder("reason", MUC_USER).text(reason).build());
        }
        Element.Builder x = Element.builder("x", MUC_USER).child(item.build());
        codes.forEach(c -> x.child(status(c)));
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null, List.of(x.build()));
    }

    // ================================================================ presence stanzas

    private void broadcastPresence(Room room, Occupant o, Set<Integer> selfCodes, Element marker) {
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                Set<Integer> c = new TreeSet<>();
                if (r == o) {
                    c.addAll(selfCodes);
                    c.add(110);
                }
                Stanza presence = presenceOf(room, o, to, c);
                if (marker != null) {
                    presence = presence.withElement(presence.element().withChild(marker));
                }
                send(presence);
            }
        }
    }

    /** An occupant's presence as the room shows it: its show and status, plus who it is (non-anonymous). */
    private Stanza presenceOf(Room room, Occupant o, EntityFullJid to, Set<Integer> codes) {
        List<Node> children = new ArrayList<>();
        for (Element e : o.presence().element().elements()) {
            if (e.is("show", Namespaces.CLIENT) || e.is("status", Namespaces.CLIENT)) {
                children.add(e);
            }
        }
        Element.Builder x = Element.builder("x", MUC_USER).child(Element.builder("item", MUC_USER)
                .attribute("affiliation", room.affiliation(o.user.toString()).xmlName())
                .attribute("role", o.role.xmlName()).attribute("jid", o.mainSession().toString()).build());
        new TreeSet<>(codes).forEach(c -> x.child(status(c)));
        children.add(x.build());
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.AVAILABLE, null, children);
    }

    private Stanza unavailable(Room room, Occupant o, EntityFullJid to, Affiliation a, Role role, Set<Integer> codes,
            String newNick, String status) {
        List<Node> children = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            children.add(Element.builder("status", Namespaces.CLIENT).text(status).build());
        }
        Element.Builder x = Element.builder("x", MUC_USER).child(Element.builder("item", MUC_USER)
                .attribute("affiliation", a.xmlName()).attribute("role", role.xmlName())
                .attribute("jid", o.sessions.isEmpty() ? o.user.toString() : o.mainSession().toString())
                .attribute("nick", newNick).build());
        new TreeSet<>(codes).forEach(c -> x.child(status(c)));
        children.add(x.build());
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null, children);
    }

    /**
     * Keeps member lists live: a member added or removed who is not in the room is announced to the
     * occupants with an unavailable presence carrying the new affiliation (XEP-0045 §9), plus a Magpie
     * marker with the bare JID, nickname and affiliation.
     */
    private void affiliationChanged(Room room, String user, Member m) {
        String nick = m.nickname() != null ? m.nickname() : user.substring(0, user.indexOf('@'));
        if (room.occupants.containsKey(nick)) {
            nick = nick + " (" + user + ")";
        }
        Element marker = Element.builder("event", NS).attribute("type", "affiliation").attribute("jid", user)
                .attribute("nick", m.nickname()).attribute("affiliation", m.affiliation().xmlName()).build();
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                Element x = Element.builder("x", MUC_USER).child(Element.builder("item", MUC_USER)
                        .attribute("affiliation", m.affiliation().xmlName()).attribute("role", Role.NONE.xmlName())
                        .attribute("jid", user).build()).build();
                send(Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, nick), to, PresenceType.UNAVAILABLE, null,
                        List.of(x, marker)));
            }
        }
    }

    // ================================================================ messages

    private void message(Stanza m, EntityFullJid sender, long number, Resourcepart nick) throws StanzaException {
        Room room = existing(number);
        String type = m.type() == null ? "normal" : m.type();
        synchronized (room) {
            if (room.destroyed) {
                throw noSuchGroup(number);
            }
            if (nick != null) {
                privateMessage(room, m, sender, nick.toString(), type);
                return;
            }
            if (type.equals("groupchat")) {
                groupMessage(room, m, sender);
                return;
            }
            Optional<Element> invite = m.element().child("x", MUC_USER).flatMap(x -> x.child("invite", MUC_USER));
            if (invite.isPresent()) {
                mediatedInvitation(room, sender, invite.get());
                return;
            }
            if (m.element().child("x", MUC_USER).flatMap(x -> x.child("decline", MUC_USER)).isPresent()) {
                return; // a declined invitation needs nothing from the group
            }
        }
        throw new Text("Messages to a group have the type groupchat.", "发给群组的消息类型应为 groupchat。")
                .exception(Condition.BAD_REQUEST);
    }

    private void groupMessage(Room room, Stanza m, EntityFullJid sender) throws StanzaException {
        Occupant o = room.occupantOf(sender);
        if (o == null) {
            throw new Text("You are not in the group " + room.number + ": enter it before sending messages.",
                    "您不在群组 " + room.number + " 中：请先进入群组再发送消息。").exception(Condition.NOT_ACCEPTABLE);
        }
        if (o.role == Role.VISITOR) {
            throw new Text("You may not speak in this group now.", "您目前不能在本群发言。").exception(Condition.FORBIDDEN);
        }
        Optional<Element> subject = m.element().child("subject", Namespaces.CLIENT);
        boolean hasBody = m.body().isPresent();
        if (subject.isPresent() && !hasBody) {
            if (o.role != Role.MODERATOR) {
                throw new Text("Only the group's owners and admins may change its subject.", "只有群主和管理员可以修改群主题。")
                        .exception(Condition.FORBIDDEN);
            }
            room.subject = subject.get().text();
        }
        List<Node> children = clean(m.element());
        Stanza out = Stanza.create(Stanza.Kind.MESSAGE, occupantJid(room, o.nick), null, MessageType.GROUPCHAT,
                m.id() == null ? Stanza.newId() : m.id(), children);
        RoomArchive a = archive;
        if (hasBody && a != null) {
            // stored before anyone sees it, with the archive's id as the group's stanza-id (XEP-0359)
            String id;
            try {
                id = a.store(room.jid, sender.asEntityBareJid(), o.nick, out.element(), memberJids(room));
            } catch (IllegalStateException e) {
                LOG.error("group {}: {}", room.number, e.getMessage());
                throw new Text("The server could not store your message, so it was not sent. Please try again.",
                        "服务器未能保存您的消息，因此没有发送，请重试。").exception(Condition.INTERNAL_SERVER_ERROR);
            }
            out = out.withElement(out.element().withChild(Element.builder("stanza-id", SID).attribute("id", id)
                    .attribute("by", room.jid.toString()).build()));
        } else if (hasBody) {
            history.record(room.number, new RoomHistory.Entry(out.element(), clock.instant()));
        }
        broadcast(room, out);
    }

    private void privateMessage(Room room, Stanza m, EntityFullJid sender, String nick, String type) throws StanzaException {
        if (type.equals("groupchat")) {
            throw new Text("A private message to a group member has the type chat.", "发给群成员的私聊消息类型应为 chat。")
                    .exception(Condition.BAD_REQUEST);
        }
        Occupant o = room.occupantOf(sender);
        if (o == null) {
            throw new Text("You are not in the group " + room.number + ": enter it before sending messages.",
                    "您不在群组 " + room.number + " 中：请先进入群组再发送消息。").exception(Condition.NOT_ACCEPTABLE);
        }
        Occupant target = room.occupants.get(nick);
        if (target == null) {
            throw new Text(nick + " is not in the group now.", nick + " 当前不在群组中。").exception(Condition.ITEM_NOT_FOUND);
        }
        List<Node> children = clean(m.element());
        children.add(Element.of("x", MUC_USER));
        for (EntityFullJid to : target.sessions.keySet()) {
            send(Stanza.create(Stanza.Kind.MESSAGE, occupantJid(room, o.nick), to, type, m.id(), children));
        }
    }

    /** What a sender may put into a room message: not our markers, delays or MUC elements (never forged). */
    private static List<Node> clean(Element message) {
        List<Node> children = new ArrayList<>();
        for (Node n : message.children()) {
            if (n instanceof Element e && (e.namespace().equals(NS) || e.namespace().equals(DELAY)
                    || e.namespace().startsWith(MUC) || e.is("error", Namespaces.CLIENT)
                    || e.namespace().equals("urn:xmpp:sid:0"))) {
                continue;
            }
            children.add(n);
        }
        return children;
    }

    private void broadcast(Room room, Stanza message) {
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(message.withTo(to));
            }
        }
    }

    /** A message from the group itself (join and leave notices), for clients to show or localise by its marker. */
    private void notice(Room room, String nick, String user, String event, String body) {
        Element marker = Element.builder("event", NS).attribute("type", event).attribute("nick", nick)
                .attribute("jid", user).build();
        Stanza notice = Stanza.create(Stanza.Kind.MESSAGE, room.jid, null, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(Element.builder("body", Namespaces.CLIENT).text(body).build(), marker));
        broadcast(room, notice);
        history().record(room.number, new RoomHistory.Entry(notice.element(), clock.instant()));
    }

    private void sendHistory(Room room, EntityFullJid to, Stanza join) {
        int max = historyOnJoin;
        Instant since = null;
        Optional<Element> h = join.element().child("x", MUC).flatMap(x -> x.child("history", MUC));
        if (h.isPresent()) {
            Element e = h.get();
            max = Math.min(max, intAttr(e, "maxstanzas", max));
            if ("0".equals(e.attribute("maxchars"))) {
                max = 0;
            }
            int seconds = intAttr(e, "seconds", -1);
            if (seconds >= 0) {
                since = clock.instant().minusSeconds(seconds);
            }
            if (e.attribute("since") != null) {
                try {
                    Instant s = Instant.parse(e.attribute("since"));
                    since = since == null || s.isAfter(since) ? s : since;
                } catch (DateTimeParseException ignored) {
                    // a bad timestamp limits nothing
                }
            }
        }
        for (RoomHistory.Entry entry : history().recent(room.number, max, since)) {
            Element delay = Element.builder("delay", DELAY).attribute("from", room.jid.toString())
                    .attribute("stamp", entry.stamp().toString()).build();
            Element message = entry.message().withAttribute("to", to.toString()).withChild(delay);
            try {
                send(Stanza.of(message));
            } catch (StanzaException ex) {
                LOG.warn("history entry of group {} not sent: {}", room.number, ex.getMessage());
            }
        }
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = e.attribute(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }

    // ================================================================ invitations

    /** XEP-0045 §7.8.2: the group passes the invitation on and lets the invitee into a members-only room. */
    private void mediatedInvitation(Room room, EntityFullJid sender, Element invite) throws StanzaException {
        EntityBareJid invitee = localUser(invite.attribute("to"));
        String inviter = sender.asEntityBareJid().toString();
        if (!room.affiliation(inviter).isMember() && room.occupantOf(sender) == null) {
            throw new Text("Only members of the group can invite others.", "只有群成员才能邀请他人。").exception(Condition.FORBIDDEN);
        }
        if (room.affiliation(invitee.toString()) == Affiliation.OUTCAST) {
            throw new Text(invitee + " is banned from this group.", invitee + " 已被禁止进入本群。").exception(Condition.FORBIDDEN);
        }
        if (!room.affiliation(invitee.toString()).isMember()) {
            store.invite(room.number, invitee.toString(), inviter, clock.instant());
        }
        String reason = invite.child("reason", MUC_USER).map(Element::text).orElse(null);
        Element.Builder forwarded = Element.builder("invite", MUC_USER).attribute("from", sender.toString());
        if (reason != null) {
            forwarded.child(Element.builder("reason", MUC_USER).text(reason).build());
        }
        List<Node> children = List.of(
                Element.builder("body", Namespaces.CLIENT).text(inviter + " invites you to the group " + room.info.name()
                        + " (" + room.jid + ").").build(),
                Element.builder("x", MUC_USER).child(forwarded.build()).build());
        send(Stanza.create(Stanza.Kind.MESSAGE, room.jid, invitee, MessageType.NORMAL, Stanza.newId(), children));
    }

    /** XEP-0249: a member invited someone directly; remember it so a members-only group lets them in. */
    void directInvitation(Stanza message) {
        Optional<Element> x = message.element().child("x", CONFERENCE);
        Jid from = message.from();
        Jid to = message.to();
        if (x.isEmpty() || from == null || to == null || !to.hasLocalpart() || !to.getDomain().equals(domain)) {
            return;
        }
        try {
            EntityBareJid roomJid = JidCreate.entityBareFrom(x.get().attribute("jid"));
            if (!roomJid.getDomain().equals(service) || !NUMBER.matcher(roomJid.getLocalpart().toString()).matches()) {
                return;
            }
            Room room = room(Long.parseLong(roomJid.getLocalpart().toString()));
            if (room == null) {
                return;
            }
            String inviter = from.asBareJid().toString();
            String invitee = to.asBareJid().toString();
            synchronized (room) {
                Affiliation a = room.affiliation(invitee);
                if (room.affiliation(inviter).isMember() && !a.isMember() && a != Affiliation.OUTCAST) {
                    store.invite(room.number, invitee, inviter, clock.instant());
                }
            }
        } catch (XmppStringprepException | IllegalArgumentException | NullPointerException e) {
            // not an address: the message goes on, it just invites nobody
        } catch (RoomStore.StorageException e) {
            LOG.error("invitation not recorded: {}", e.getMessage(), e);
        }
    }

    private EntityBareJid localUser(String jid) throws StanzaException {
        EntityBareJid user;
        try {
            user = jid == null ? null : JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            user = null;
        }
        if (user == null || !user.getDomain().equals(domain) || !accounts.exists(user.getLocalpart().toString())) {
            throw new Text("There is no account " + jid + ".", "账号 " + jid + " 不存在。").exception(Condition.ITEM_NOT_FOUND);
        }
        return user;
    }

    // ================================================================ IQs to a room

    private void roomIq(Stanza iq, EntityFullJid sender, long number) throws StanzaException {
        Element q = iq.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        boolean get = "get".equals(iq.type());
        Room room = existing(number);
        Element reply;
        synchronized (room) {
            if (room.destroyed) {
                throw noSuchGroup(number);
            }
            String user = sender.asEntityBareJid().toString();
            if (room.info.locked() && room.affiliation(user) != Affiliation.OWNER) {
                throw noSuchGroup(number);
            }
            if (q.is("query", Namespaces.DISCO_INFO) && get) {
                reply = roomInfo(room);
            } else if (q.is("query", Namespaces.DISCO_ITEMS) && get) {
                Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
                if (room.occupantOf(sender) != null) {
                    for (Occupant o : room.occupantList()) {
                        items.child(Element.builder("item", Namespaces.DISCO_ITEMS)
                                .attribute("jid", occupantJid(room, o.nick).toString()).build());
                    }
                }
                reply = items.build();
            } else if (q.is("query", MUC_ADMIN)) {
                reply = get ? adminGet(room, q, sender) : adminSet(room, q, sender);
            } else if (q.is("query", MUC_OWNER)) {
                reply = get ? ownerGet(room, sender) : ownerSet(room, q, sender);
            } else if (q.is("query", MAM) || q.is("metadata", MAM)) {
                reply = roomArchive(room, iq, q, sender, user, get);
            } else if (q.is("leave", NS) && !get) {
                leaveGroup(room, sender);
                reply = null;
            } else if (q.is("ping", Namespaces.PING)) {
                reply = null;
            } else {
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
            }
        }
        send(iq.resultReply(reply));
    }

    /** XEP-0410: a client pinging its own occupant JID learns whether it is still in the room. */
    private void occupantIq(Stanza iq, EntityFullJid sender, long number, String nick) throws StanzaException {
        Element q = iq.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        Room room = existing(number);
        synchronized (room) {
            Occupant o = room.occupantOf(sender);
            if (o == null) {
                throw new Text("You are not in the group " + number + ".", "您不在群组 " + number + " 中。")
                        .exception(Condition.NOT_ACCEPTABLE);
            }
            if (!q.is("ping", Namespaces.PING) || !room.occupants.containsKey(nick)) {
                throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED);
            }
        }
        send(iq.resultReply(null));
    }

    /** XEP-0313 on the group: members read its history, nobody else. */
    private Element roomArchive(Room room, Stanza iq, Element q, EntityFullJid sender, String user, boolean get)
            throws StanzaException {
        RoomArchive a = archive;
        if (a == null) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        if (!room.affiliation(user).isMember()) {
            throw new Text("Only members of the group " + room.number + " can read its history.",
                    "只有群组 " + room.number + " 的成员可以查看聊天记录。").exception(Condition.FORBIDDEN);
        }
        if (get) {
            return Element.builder("query", MAM).child(Element.builder("x", DATA).attribute("type", "form")
                    .child(field("FORM_TYPE", "hidden", MAM)).child(field("start", "text-single", null))
                    .child(field("end", "text-single", null)).build()).build();
        }
        if (!q.is("query", MAM)) {
            throw new StanzaException(Condition.BAD_REQUEST);
        }
        return a.query(room.jid, q, sender, this::send);
    }

    private static List<EntityBareJid> memberJids(Room room) {
        List<EntityBareJid> jids = new ArrayList<>();
        for (Map.Entry<String, Member> e : room.members.entrySet()) {
            if (e.getValue().affiliation().isMember()) {
                jids.add(JidCreate.entityBareFromOrThrowUnchecked(e.getKey()));
            }
        }
        return jids;
    }

    private Element roomInfo(Room room) {
        RoomInfo info = room.info;
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).child(identity("conference", "text", info.name()));
        q.children(features(MUC, Namespaces.DISCO_INFO, NS, "muc_persistent", "muc_nonanonymous", "muc_unmoderated",
                "muc_unsecured", info.membersOnly() ? "muc_membersonly" : "muc_open",
                info.membersOnly() ? "muc_hidden" : "muc_public"));
        if (archive != null) {
            q.children(features(MAM));
        }
        Element.Builder form = Element.builder("x", DATA).attribute("type", "result")
                .child(field("FORM_TYPE", "hidden", MUC + "#roominfo"))
                .child(field("muc#roomconfig_roomname", null, info.name()))
                .child(field("muc#roominfo_description", null, info.description()))
                .child(field("muc#roominfo_occupants", null, Integer.toString(room.occupants.size())))
                .child(field("muc#roominfo_subject", null, room.subject));
        return q.child(form.build()).build();
    }

    // ---------------------------------------------------------------- muc#admin

    private Element adminGet(Room room, Element q, EntityFullJid sender) throws StanzaException {
        Element item = q.child("item", MUC_ADMIN).orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        Affiliation mine = room.affiliation(sender.asEntityBareJid().toString());
        boolean present = room.occupantOf(sender) != null;
        Element.Builder reply = Element.builder("query", MUC_ADMIN);
        Optional<Affiliation> wanted = Affiliation.of(item.attribute("affiliation"));
        Optional<Role> role = Role.of(item.attribute("role"));
        if (wanted.isPresent() && wanted.get() != Affiliation.NONE) {
            boolean allowed = wanted.get() == Affiliation.OUTCAST ? mine.isAdmin() : mine.isMember() || present;
            if (!allowed) {
                throw new Text("Only members of the group may see its member list.", "只有群成员可以查看成员列表。")
                        .exception(Condition.FORBIDDEN);
            }
            for (Member m : room.members.values()) {
                if (m.affiliation() == wanted.get()) {
                    Occupant o = room.occupantOfUser(m.user());
                    reply.child(Element.builder("item", MUC_ADMIN).attribute("affiliation", m.affiliation().xmlName())
                            .attribute("jid", m.user()).attribute("nick", o != null ? o.nick : m.nickname())
                            .attribute("role", o != null ? o.role.xmlName() : null).build());
                }
            }
        } else if (role.isPresent() && role.get() != Role.NONE) {
            if (!present) {
                throw new Text("Enter the group to see who is in it.", "请先进入群组再查看在线成员。").exception(Condition.FORBIDDEN);
            }
            for (Occupant o : room.occupantList()) {
                if (o.role == role.get()) {
                    reply.child(Element.builder("item", MUC_ADMIN).attribute("role", o.role.xmlName())
                            .attribute("nick", o.nick).attribute("jid", o.user.toString())
                            .attribute("affiliation", room.affiliation(o.user.toString()).xmlName()).build());
                }
            }
        } else {
            throw new Text("Ask for one affiliation (owner, admin, member, outcast) or one role.",
                    "请指定一种身份（owner、admin、member、outcast）或角色。").exception(Condition.BAD_REQUEST);
        }
        return reply.build();
    }

    private Element adminSet(Room room, Element q, EntityFullJid sender) throws StanzaException {
        List<Element> items = q.elements().stream().filter(e -> e.is("item", MUC_ADMIN)).toList();
        if (items.isEmpty()) {
            throw new StanzaException(Condition.BAD_REQUEST);
        }
        String actorUser = sender.asEntityBareJid().toString();
        Affiliation actor = room.affiliation(actorUser);
        Occupant actorOccupant = room.occupantOf(sender);
        String actorNick = actorOccupant != null ? actorOccupant.nick : null;
        for (Element item : items) { // before any change: a refused reason changes nothing
            refuseListedWords(item.child("reason", MUC_ADMIN).map(Element::text).orElse(null), REASON);
        }
        for (Element item : items) {
            String reason = item.child("reason", MUC_ADMIN).map(Element::text).orElse(null);
            if (item.attribute("affiliation") != null) {
                Affiliation to = Affiliation.of(item.attribute("affiliation")).orElseThrow(
                        () -> new StanzaException(Condition.BAD_REQUEST, "unknown affiliation " + item.attribute("affiliation")));
                String target;
                if (item.attribute("jid") != null) {
                    target = localUser(bareOf(item.attribute("jid"))).toString();
                } else if (item.attribute("nick") != null && room.occupants.containsKey(item.attribute("nick"))) {
                    target = room.occupants.get(item.attribute("nick")).user.toString();
                } else {
                    throw new StanzaException(Condition.BAD_REQUEST, "an affiliation change names a jid");
                }
                setAffiliation(room, actor, actorNick, target, to, reason);
            } else if (item.attribute("role") != null) {
                Role to = Role.of(item.attribute("role")).orElseThrow(
                        () -> new StanzaException(Condition.BAD_REQUEST, "unknown role " + item.attribute("role")));
                setRole(room, actor, actorOccupant, item.attribute("nick"), to, reason);
            } else {
                throw new StanzaException(Condition.BAD_REQUEST, "an item changes an affiliation or a role");
            }
        }
        return null;
    }

    private static String bareOf(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    private void setAffiliation(Room room, Affiliation actor, String actorNick, String target, Affiliation to,
            String reason) throws StanzaException {
        if (!actor.isAdmin()) {
            throw new Text("Only the group's owners and admins may change its members.", "只有群主和管理员可以管理群成员。")
                    .exception(Condition.FORBIDDEN);
        }
        Affiliation current = room.affiliation(target);
        if ((to.isAdmin() || current.isAdmin()) && actor != Affiliation.OWNER) {
            throw new Text("Only owners may appoint or remove owners and admins.", "只有群主可以任免群主和管理员。")
                    .exception(Condition.FORBIDDEN);
        }
        if (current == Affiliation.OWNER && to != Affiliation.OWNER && room.owners() <= 1) {
            throw new Text("A group needs an owner: make someone else owner first.", "群组必须有群主：请先指定其他群主。")
                    .exception(Condition.CONFLICT);
        }
        if (current == to) {
            return;
        }
        Member before = room.members.get(target);
        Member after;
        if (to == Affiliation.NONE) {
            store.deleteMember(room.number, target);
            room.members.remove(target);
            after = before == null ? new Member(target, Affiliation.NONE, null, null) : before.withAffiliation(Affiliation.NONE);
        } else {
            after = before == null ? new Member(target, to, null, null) : before.withAffiliation(to);
            store.saveMember(room.number, after);
            room.members.put(target, after);
        }
        if (to == Affiliation.OUTCAST) {
            store.removeInvitation(room.number, target);
        }
        Occupant present = room.occupantOfUser(target);
        if (present != null) {
            if (to == Affiliation.OUTCAST) {
                remove(room, present, to, Set.of(301), actorNick, reason);
            } else if (to == Affiliation.NONE && room.info.membersOnly()) {
                remove(room, present, to, Set.of(321), actorNick, reason);
            } else {
                present.role = to.defaultRole();
                broadcastPresence(room, present, Set.of(), null);
            }
        } else {
            affiliationChanged(room, target, after);
        }
    }

    private void setRole(Room room, Affiliation actor, Occupant actorOccupant, String nick, Role to, String reason)
            throws StanzaException {
        if (actorOccupant == null || actorOccupant.role != Role.MODERATOR) {
            throw new Text("Only the group's owners and admins may remove or silence people.", "只有群主和管理员可以踢人或禁言。")
                    .exception(Condition.FORBIDDEN);
        }
        Occupant target = nick == null ? null : room.occupants.get(nick);
        if (target == null) {
            throw new Text((nick == null ? "Nobody" : nick) + " is not in the group now.", (nick == null ? "该成员" : nick)
                    + " 当前不在群组中。").exception(Condition.ITEM_NOT_FOUND);
        }
        Affiliation targetAffiliation = room.affiliation(target.user.toString());
        if (to != Role.MODERATOR && (targetAffiliation == Affiliation.OWNER
                || targetAffiliation == Affiliation.ADMIN && actor != Affiliation.OWNER)) {
            throw new Text("Owners and admins cannot be removed or silenced this way.", "不能以这种方式踢出或禁言群主和管理员。")
                    .exception(Condition.NOT_ALLOWED);
        }
        if (to == Role.MODERATOR && !actor.isAdmin()) {
            throw new Text("Only owners and admins may make someone a moderator.", "只有群主和管理员可以任命主持人。")
                    .exception(Condition.FORBIDDEN);
        }
        if (to == Role.NONE) {
            remove(room, target, targetAffiliation, Set.of(307), actorOccupant.nick, reason);
        } else {
            target.role = to;
            broadcastPresence(room, target, Set.of(), null);
        }
    }

    // ---------------------------------------------------------------- muc#owner

    private Element ownerGet(Room room, EntityFullJid sender) throws StanzaException {
        requireOwner(room, sender);
        RoomInfo info = room.info;
        Element form = Element.builder("x", DATA).attribute("type", "form")
                .child(Element.builder("title", DATA).text("Group " + room.number).build())
                .child(field("FORM_TYPE", "hidden", MUC + "#roomconfig"))
                .child(field("muc#roomconfig_roomname", "text-single", info.name(), "Name"))
                .child(field("muc#roomconfig_roomdesc", "text-single", info.description(), "Description"))
                .child(field("muc#roomconfig_persistentroom", "boolean", "1", "Persistent (always)"))
                .child(field("muc#roomconfig_membersonly", "boolean", info.membersOnly() ? "1" : "0", "Members only"))
                .build();
        return Element.builder("query", MUC_OWNER).child(form).build();
    }

    private Element ownerSet(Room room, Element q, EntityFullJid sender) throws StanzaException {
        requireOwner(room, sender);
        Optional<Element> destroy = q.child("destroy", MUC_OWNER);
        if (destroy.isPresent()) {
            String reason = destroy.get().child("reason", MUC_OWNER).map(Element::text).orElse(null);
            refuseListedWords(reason, REASON);
            destroy(room, reason);
            return null;
        }
        Element x = q.child("x", DATA).orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        if ("cancel".equals(x.attribute("type"))) {
            if (room.info.locked()) {
                destroy(room, null); // XEP-0045 §10.1.3: a new room whose configuration was cancelled goes away
            }
            return null;
        }
        if (!"submit".equals(x.attribute("type"))) {
            throw new StanzaException(Condition.BAD_REQUEST, "submit or cancel the form");
        }
        RoomInfo info = room.info;
        boolean wasMembersOnly = info.membersOnly();
        for (Element f : x.elements()) {
            if (!f.is("field", DATA) || f.attribute("var") == null) {
                continue;
            }
            String value = f.child("value", DATA).map(Element::text).orElse("").strip();
            switch (f.attribute("var")) {
                case "muc#roomconfig_roomname" -> {
                    if (value.length() > MAX_NAME) {
                        throw new Text("A group name has at most " + MAX_NAME + " characters.",
                                "群名称最多 " + MAX_NAME + " 个字符。").exception(Condition.NOT_ACCEPTABLE);
                    }
                    refuseListedWords(value, GROUP_NAME);
                    info = info.withName(value.isEmpty() ? Long.toString(room.number) : value);
                }
                case "muc#roomconfig_roomdesc" -> {
                    checkDescription(value);
                    refuseListedWords(value, DESCRIPTION);
                    info = info.withDescription(value);
                }
                case "muc#roomconfig_membersonly" -> info = info.withMembersOnly(bool(value));
                default -> {
                    // other settings are fixed: persistent, non-anonymous, open to speak
                }
            }
        }
        info = info.withLocked(false);
        store.update(info);
        room.info = info;
        // XEP-0045 §10.2: status 104 tells occupants that the configuration changed
        broadcast(room, Stanza.create(Stanza.Kind.MESSAGE, room.jid, null, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(Element.builder("x", MUC_USER).child(status(104)).build())));
        if (info.membersOnly() && !wasMembersOnly) {
            for (Occupant o : room.occupantList()) {
                if (!room.affiliation(o.user.toString()).isMember()) {
                    remove(room, o, Affiliation.NONE, Set.of(322), null, null);
                }
            }
        }
        return null;
    }

    private void requireOwner(Room room, EntityFullJid sender) throws StanzaException {
        if (room.affiliation(sender.asEntityBareJid().toString()) != Affiliation.OWNER) {
            throw new Text("Only the group's owners may change its settings.", "只有群主可以修改群设置。")
                    .exception(Condition.FORBIDDEN);
        }
    }

    private void destroy(Room room, String reason) {
        for (Occupant o : room.occupantList()) {
            for (EntityFullJid to : o.sessions.keySet()) {
                Element.Builder d = Element.builder("destroy", MUC_USER);
                if (reason != null) {
                    d.child(Element.builder("reason", MUC_USER).text(reason).build());
                }
                Element x = Element.builder("x", MUC_USER).child(Element.builder("item", MUC_USER)
                        .attribute("affiliation", Affiliation.NONE.xmlName()).attribute("role", Role.NONE.xmlName()).build())
                        .child(d.build()).child(status(110)).build();
                send(Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null, List.of(x)));
            }
        }
        room.occupants.clear();
        room.destroyed = true;
        store.delete(room.number);
        history().forget(room.number);
        rooms.remove(room.number, room);
        LOG.info("group {} destroyed", room.number);
    }

    // ---------------------------------------------------------------- leaving the group for good

    private void leaveGroup(Room room, EntityFullJid sender) throws StanzaException {
        String user = sender.asEntityBareJid().toString();
        Member m = room.members.get(user);
        if (m == null || !m.affiliation().isMember()) {
            throw new Text("You are not a member of the group " + room.number + ".", "您不是群组 " + room.number + " 的成员。")
                    .exception(Condition.ITEM_NOT_FOUND);
        }
        if (m.affiliation() == Affiliation.OWNER && room.owners() <= 1) {
            throw new Text("You are the group's only owner: make another member owner first, or dissolve the group.",
                    "您是本群唯一的群主：请先指定其他群主，或解散群组。").exception(Condition.NOT_ALLOWED);
        }
        store.deleteMember(room.number, user);
        room.members.remove(user);
        Occupant o = room.occupantOfUser(user);
        String nick = o != null ? o.nick : m.nickname() != null ? m.nickname() : user.substring(0, user.indexOf('@'));
        if (o != null) {
            remove(room, o, Affiliation.NONE, Set.of(321), null, null);
        } else {
            affiliationChanged(room, user, m.withAffiliation(Affiliation.NONE));
        }
        notice(room, nick, user, "left", nick + " left the group");
    }

    /**
     * A removed account leaves every group it belonged to, announced as leaving, and nothing of its
     * membership stays for a later account of the same name. A group whose only owner it was keeps
     * running with its admins and members (an administrator can make one of them owner).
     */
    /** An account was deleted: it, and any deletion not yet handled here, leave their groups. */
    void accountDeletedNamed(String username) {
        if (deletions == null) {
            accountDeleted(username + "@" + domain);
        } else {
            deletions.catchUp(RoomStore.MODULE, u -> accountDeleted(u + "@" + domain));
        }
    }

    void accountDeleted(String user) {
        for (RoomStore.Membership m : store.membershipsOf(user)) {
            Room room = room(m.room().number());
            if (room == null) {
                continue;
            }
            synchronized (room) {
                Member member = room.members.remove(user);
                Occupant o = room.occupantOfUser(user);
                String nick = o != null ? o.nick : member != null && member.nickname() != null ? member.nickname()
                        : user.substring(0, user.indexOf('@'));
                if (o != null) {
                    remove(room, o, Affiliation.NONE, Set.of(321), null, null);
                } else if (member != null) {
                    affiliationChanged(room, user, member.withAffiliation(Affiliation.NONE));
                }
                notice(room, nick, user, "left", nick + " left the group");
            }
        }
        store.forgetUser(user);
    }

    // ================================================================ helpers

    private EntityFullJid occupantJid(Room room, String nick) {
        return JidCreate.entityFullFromOrThrowUnchecked(room.jid + "/" + nick);
    }

    /** What a checked text is, in the refusal. */
    private record Field(String en, String zh) {
    }

    private static final Field NICKNAME = new Field("The nickname", "昵称");
    private static final Field GROUP_NAME = new Field("The group name", "群名称");
    private static final Field DESCRIPTION = new Field("The group description", "群简介");
    private static final Field REASON = new Field("The reason", "理由");

    /**
     * Names, descriptions and reasons that others see are refused, not masked, when they hold a word
     * of the sensitive-word list: a name of stars helps nobody, and the sender can choose another.
     */
    private void refuseListedWords(String text, Field field) throws StanzaException {
        WordFilter filter = words;
        if (filter == null || text == null || text.isBlank()) {
            return;
        }
        WordFilter.Verdict verdict = filter.check(text);
        if (!verdict.isClean()) {
            throw new Text(field.en() + " contains words that are not allowed (" + String.join(", ", verdict.rules()) + ").",
                    field.zh() + "中含有不允许使用的词语（" + String.join("、", verdict.rules()) + "）。")
                    .exception(Condition.NOT_ACCEPTABLE);
        }
    }

    private static void checkDescription(String description) throws StanzaException {
        if (description.length() > MAX_DESCRIPTION) {
            throw new Text("A group description has at most " + MAX_DESCRIPTION + " characters.",
                    "群简介最多 " + MAX_DESCRIPTION + " 个字符。").exception(Condition.NOT_ACCEPTABLE);
        }
    }

    private static boolean bool(String v) {
        return v != null && ("1".equals(v.strip()) || "true".equalsIgnoreCase(v.strip()));
    }

    static Set<Integer> codes(Integer... codes) {
        return new TreeSet<>(List.of(codes));
    }

    private static Element status(int code) {
        return Element.builder("status", MUC_USER).attribute("code", Integer.toString(code)).build();
    }

    private static Element identity(String category, String type, String name) {
        return Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", category)
                .attribute("type", type).attribute("name", name).build();
    }

    private static List<Element> features(String... vars) {
        List<Element> list = new ArrayList<>();
        for (String v : vars) {
            list.add(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", v).build());
        }
        return list;
    }

    private static Element field(String var, String type, String value) {
        return field(var, type, value, null);
    }

    private static Element field(String var, String type, String value, String label) {
        return Element.builder("field", DATA).attribute("var", var).attribute("type", type).attribute("label", label)
                .child(Element.builder("value", DATA).text(value).build()).build();
    }
}
