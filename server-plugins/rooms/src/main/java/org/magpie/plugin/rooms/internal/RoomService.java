package org.magpie.plugin.rooms.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.RoomArchive;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups: XEP-0045 multi-user chat rooms on {@code rooms.<domain>}, each named by its number, plus the
 * Magpie groups protocol ({@link GroupsProtocol}); and named rooms as standard clients create them
 * ({@link NamedRooms}), the same XEP-0045 rooms without the groups' automatic membership and notices. This component puts the parts together and hands
 * each stanza to its part: {@link Occupancy} (presence), {@link RoomMessages}, {@link RoomIqs} (with
 * {@link AdminItems} and {@link OwnerConfiguration}), {@link Invitations}, {@link AccountDeletion};
 * the rooms themselves are in the {@link RoomRegistry}, and each room handles one stanza at a time
 * under its own monitor. {@link RoomsComponent}, {@link RoomsSessionListener}, {@link RoomsDiscoProvider},
 * {@link RoomsAccountListener} and {@link InvitationInterceptor} are the thin OSGi services around it.
 */
@Component(service = RoomService.class, configurationPid = RoomService.PID)
@Designate(ocd = RoomsConfig.class)
public final class RoomService {

    static final String PID = "org.magpie.rooms";
    static final String SUBDOMAIN = "rooms";

    private static final Logger LOG = LoggerFactory.getLogger(RoomService.class);

    private final Texts texts = Texts.of(RoomService.class);
    private final DomainBareJid domain;
    private final RoomHistory memoryHistory;
    private final RoomRegistry rooms;
    private final RoomOutbox out;
    private final Occupancy occupancy;
    private final RoomMessages messages;
    private final Invitations invitations;
    private final RoomIqs roomIqs;
    private final GroupsProtocol protocol;
    private final AccountDeletion accountDeletion;
    private volatile boolean stopped;

    /** The message archive, while the archive plugin runs: group messages are stored there before they are sent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RoomArchive archive;

    /** The sensitive-word list, while the filter plugin runs: names and reasons others see are checked against it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    /** The core's services are plain references: the core tracks plugin services outside DS, so there is no cycle. */
    @Activate
    public RoomService(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference StanzaRouter router,
            @Reference AccountService accounts, @Reference AccountDeletions deletions, @Reference ServerInfo info,
            RoomsConfig config) throws SQLException {
        this(new RoomStore(dataSource, migrations), new MemoryRoomHistory(config.history_on_join()), () -> router,
                accounts, deletions, info.domain(), config.history_on_join(), config.number_first(),
                Duration.ofMinutes(config.number_reservation_minutes()), config.max_per_user(), config.named_create(),
                config.named_max_length(), Clock.systemUTC());
        accountDeletion.catchUpAtStart();
    }

    /** The parts, wired; {@code deletions} may be null (unit tests without the core). */
    RoomService(RoomStore store, RoomHistory history, Supplier<StanzaRouter> router, AccountService accounts,
            AccountDeletions deletions, DomainBareJid domain, int historyOnJoin, long firstNumber, Duration reservation,
            int maxPerUser, boolean namedCreate, int namedMaxLength, Clock clock) {
        this.domain = domain;
        this.memoryHistory = history;
        DomainBareJid service = JidCreate.domainBareFromOrThrowUnchecked(SUBDOMAIN + "." + domain);
        Supplier<RoomHistory> histories = this::history;
        Supplier<RoomArchive> archives = () -> archive;
        TextChecks checks = new TextChecks(texts, () -> words);
        LocalAccounts localAccounts = new LocalAccounts(accounts, domain, texts);
        this.rooms = new RoomRegistry(store, texts, service, clock, firstNumber, reservation, maxPerUser,
                new NamedRooms(namedCreate, namedMaxLength, texts));
        this.out = new RoomOutbox(router, histories, texts, clock);
        this.invitations = new Invitations(rooms, store, out, localAccounts, domain, texts, clock);
        this.messages = new RoomMessages(rooms, out, invitations, archives, histories, texts, clock, historyOnJoin);
        Destruction destruction = new Destruction(rooms, store, out, histories);
        this.occupancy = new Occupancy(rooms, store, out, messages, destruction, JoinRules.standard(texts, checks), checks,
                texts, clock);
        this.protocol = new GroupsProtocol(rooms, store, out, checks, texts);
        this.roomIqs = new RoomIqs(rooms, out, destruction, new AdminItems(store, out, localAccounts, checks, texts),
                new OwnerConfiguration(store, out, destruction, checks, texts), protocol, archives, texts);
        this.accountDeletion = new AccountDeletion(rooms, store, out, domain, deletions);
        int gone = store.deleteTemporaryRooms();
        if (gone > 0) {
            LOG.info("{} temporary named rooms left empty by the last stop are gone", gone);
        }
    }

    /** What entering a group replays: the archive while it runs, else the last messages in memory. */
    private RoomHistory history() {
        RoomArchive a = archive;
        return a == null ? memoryHistory : new ArchivedRoomHistory(a);
    }

    /** Everyone in a group learns that the service stops (status 332); nothing stays behind. */
    @Deactivate
    void stop() {
        stopped = true;
        for (Room room : rooms.loaded()) {
            synchronized (room) {
                for (Occupant o : room.occupantList()) {
                    for (EntityFullJid session : List.copyOf(o.sessions.keySet())) {
                        out.send(out.unavailable(room, o, session, Affiliation.NONE, Role.NONE,
                                MucStatus.of(MucStatus.SELF_PRESENCE, MucStatus.REMOVED_SHUTDOWN), null, null));
                    }
                }
                room.occupants.clear();
            }
        }
        rooms.clear();
    }

    DomainBareJid serviceDomain() {
        return rooms.service();
    }

    /** A stanza addressed to the service or a group on it, {@code from} stamped by the server. */
    void process(Stanza s) throws StanzaException {
        if (s.is(MessageType.ERROR) || s.is(PresenceType.ERROR) || s.is(IqType.ERROR) || s.is(IqType.RESULT)) {
            return; // failed deliveries to occupants: their sessions' end is handled by the session listener
        }
        if (stopped) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        Jid from = s.from();
        EntityFullJid sender = from == null ? null : from.asEntityFullJidIfPossible();
        if (sender == null || !sender.getDomain().equals(domain)) {
            throw texts.text("local.users.only").exception(Condition.NOT_ALLOWED);
        }
        try {
            Jid to = s.to();
            if (!to.hasLocalpart()) {
                protocol.toService(s, sender);
                return;
            }
            String address = to.getLocalpartOrThrow().toString();
            if (s.is(PresenceType.UNAVAILABLE) && rooms.loaded(address) == null) {
                return; // leaving a room nobody is in, or one that cannot exist
            }
            rooms.checkAddress(address, s.isPresence());
            Resourcepart nick = to.getResourceOrNull();
            switch (s.kind()) {
                case PRESENCE -> occupancy.presence(s, sender, address, nick);
                case MESSAGE -> messages.message(s, sender, address, nick);
                case IQ -> {
                    if (nick == null) {
                        roomIqs.toRoom(s, sender, address);
                    } else {
                        roomIqs.toOccupant(s, sender, address, nick.toString());
                    }
                }
            }
        } catch (StorageException e) {
            LOG.error("group request of {} failed: {}", sender, e.getMessage(), e);
            throw texts.text("storage.failed").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** A session ended: it leaves every group it was in (membership stays). */
    void sessionClosed(EntityFullJid session) {
        occupancy.sessionClosed(session);
    }

    /** A message on its way from a user to a user may be a direct invitation (XEP-0249). */
    void directInvitation(Stanza message) {
        invitations.direct(message);
    }

    /** An account was deleted: it, and any deletion not yet handled here, leave their groups. */
    void accountDeletedNamed(String username) {
        accountDeletion.accountDeleted(username);
    }
}
