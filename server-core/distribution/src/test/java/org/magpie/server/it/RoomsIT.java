package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.osgi.framework.Bundle;

/**
 * Groups (XEP-0045 on rooms.localhost) with several Smack clients against the real server: create by
 * number (MUC and the Magpie request), a taken number refused, next free number, join by number with
 * the notice to everyone, membership kept across logins, leaving, kick and ban, members-only with
 * invitations, the live member list, history on entering, disco listings, private messages, and the
 * plugin stopping and starting again with its groups.
 */
class RoomsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(700);
    private static final String PASSWORD = "secret123";
    private static final String NS = "urn:magpie:rooms:0";
    private static final String SERVICE = "rooms." + InProcessServer.DOMAIN;
    private static final AtomicInteger USERS = new AtomicInteger();
    /** Numbers tests choose: below 10001, where the server's next free numbers never go. */
    private static final AtomicLong NUMBERS = new AtomicLong(5000);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack 4.4's generic provider trips an assertion (tests run with -ea) on unknown elements with the
        // StAX parser: the Magpie marker gets its own provider, as a client using it would register anyway,
        // and so does the MUC join element that error replies to a join echo back
        ProviderManager.addExtensionProvider("event", NS, new FlatProvider());
        ProviderManager.addExtensionProvider("x", "http://jabber.org/protocol/muc", new FlatProvider());
        server = InProcessServer.start(tmp, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ================================================================ the issue's "done" scenario

    @Test
    void aRemovedAccountLeavesItsGroups() throws Exception {
        String a = user("Ann");
        String b = user("Bert");
        EntityBareJid room = room(NUMBERS.incrementAndGet());
        try (Client ann = login(a); Client bert = login(b)) {
            MultiUserChat annMuc = ann.muc(room);
            annMuc.create(Resourcepart.from("Ann")).makeInstant();
            bert.muc(room).join(Resourcepart.from("Bert"));
            ann.await(Message.class, m -> room.equals(m.getFrom()) && "Bert joined the group".equals(m.getBody()));

            AccountManager.getInstance(bert.connection).deleteAccount();
            ann.await(Message.class, m -> room.equals(m.getFrom()) && "Bert left the group".equals(m.getBody()));
            assertEquals(List.of(), jids(annMuc.getMembers()), "no longer a member");
        }
    }


    @Test
    void groupCreatedByNumberIsJoinedByNumberWithANoticeToAllAndStaysAfterLoggingInAgain() throws Exception {
        String a = user("Alice 爱丽丝");
        String b = user("Bob");
        long number = NUMBERS.incrementAndGet();
        EntityBareJid room = room(number);
        try (Client alice = login(a); Client bob = login(b)) {
            MultiUserChat aliceMuc = alice.muc(room);
            aliceMuc.create(Resourcepart.from("Alice 爱丽丝"));
            FillableForm form = aliceMuc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_roomname", "Team 团队");
            form.setAnswer("muc#roomconfig_roomdesc", "Our team");
            aliceMuc.sendConfigurationForm(form);

            MultiUserChat bobMuc = bob.muc(room);
            bobMuc.join(Resourcepart.from("Bob"));
            assertTrue(bobMuc.isJoined());

            // the owner sees the newcomer's presence and the notice; so does the newcomer
            Presence joined = alice.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")) && p.isAvailable());
            MUCUser x = MUCUser.from(joined);
            assertEquals("member", x.getItem().getAffiliation().name());
            assertEquals(jid(b).toString(), x.getItem().getJid().asBareJid().toString(), "a non-anonymous room shows who it is");
            for (Client c : List.of(alice, bob)) {
                Message notice = c.await(Message.class, m -> room.equals(m.getFrom()) && "Bob joined the group".equals(m.getBody()));
                StandardExtensionElement marker = (StandardExtensionElement) notice.getExtensionElement("event", NS);
                assertNotNull(marker, "the notice carries a marker for clients to localise");
                assertEquals("joined", marker.getAttributeValue("type"));
                assertEquals("Bob", marker.getAttributeValue("nick"));
            }
            // bob's own presence says 110 (self) and he sees alice as owner
            Presence self = bob.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")));
            assertTrue(MUCUser.from(self).getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110));
            Presence owner = bob.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Alice 爱丽丝")));
            assertEquals("owner", MUCUser.from(owner).getItem().getAffiliation().name());

            // member list: affiliations for everyone
            assertEquals(List.of(jid(b).toString()), jids(bobMuc.getMembers()));
            assertEquals(List.of(jid(a).toString()), jids(bobMuc.getOwners()));

            // messages reach everyone, stamped with the sender's nickname
            bobMuc.sendMessage("hello team");
            Message m = alice.await(Message.class, msg -> "hello team".equals(msg.getBody()));
            assertEquals(occupant(room, "Bob"), m.getFrom());
            assertEquals(Message.Type.groupchat, m.getType());
        }
        // both log in again: the group is in their lists, and entering again is no new join
        try (Client alice = login(a); Client bob = login(b)) {
            assertTrue(myRooms(alice).contains(room.toString()) && myRooms(alice).contains("owner"));
            String bobs = myRooms(bob);
            assertTrue(bobs.contains(room.toString()) && bobs.contains("Team 团队") && bobs.contains("member"), bobs);
            alice.muc(room).join(Resourcepart.from("Alice 爱丽丝"));
            bob.muc(room).join(Resourcepart.from("Bob"));
            alice.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")) && p.isAvailable());
            alice.assertNone(Message.class, msg -> "Bob joined the group".equals(msg.getBody())
                    && DelayInformation.from(msg) == null, SHORT);
        }
    }

    // ================================================================ numbers

    @Test
    void aTakenNumberIsRefusedWithAClearTextAndNextFreeNumbersAreReserved() throws Exception {
        String a = user("Ann");
        String c = user("Cy");
        long number = NUMBERS.incrementAndGet();
        try (Client ann = login(a); Client cy = login(c)) {
            String created = ann.iq(service(), "set", "<create xmlns='" + NS + "' number='" + number + "' name='Ann&apos;s'/>");
            assertTrue(created.contains("affiliation=\"owner\"") || created.contains("affiliation='owner'"), created);

            XMPPErrorException taken = assertThrows(XMPPErrorException.class,
                    () -> cy.iq(service(), "set", "<create xmlns='" + NS + "' number='" + number + "' name='mine'/>"));
            assertEquals(StanzaError.Condition.conflict, taken.getStanzaError().getCondition());
            assertTrue(taken.getStanzaError().getDescriptiveText("en").contains("taken"));
            assertTrue(taken.getStanzaError().getDescriptiveText("zh").contains("已被占用"));

            // entering an existing group by number does not take it over: a plain member
            MultiUserChat cyMuc = cy.muc(room(number));
            cyMuc.join(Resourcepart.from("Cy"));
            assertEquals(List.of(jid(a).toString()), jids(cyMuc.getOwners()));

            // next free number: reserved for the asker
            String next = ann.iq(service(), "get", "<next xmlns='" + NS + "'/>");
            long free = number(next);
            assertTrue(free > number, next);
            XMPPErrorException reserved = assertThrows(XMPPErrorException.class,
                    () -> cy.iq(service(), "set", "<create xmlns='" + NS + "' number='" + free + "' name='x'/>"));
            assertEquals(StanzaError.Condition.conflict, reserved.getStanzaError().getCondition());
            assertTrue(ann.iq(service(), "set", "<create xmlns='" + NS + "' number='" + free + "' name='Second'/>")
                    .contains(Long.toString(free)));
            // or the server picks one in the same request
            long picked = number(cy.iq(service(), "set", "<create xmlns='" + NS + "' name='Picked for me'/>"));
            assertTrue(picked > free);

            XMPPErrorException bad = assertThrows(XMPPErrorException.class,
                    () -> cy.iq(service(), "set", "<create xmlns='" + NS + "' number='abc' name='x'/>"));
            assertEquals(StanzaError.Condition.not_acceptable, bad.getStanzaError().getCondition());
            XMPPErrorException noName = assertThrows(XMPPErrorException.class,
                    () -> cy.iq(service(), "set", "<create xmlns='" + NS + "' number='" + (picked + 100) + "'/>"));
            assertEquals(StanzaError.Condition.not_acceptable, noName.getStanzaError().getCondition());
        }
    }

    // ================================================================ membership

    @Test
    void goingOfflineKeepsTheMembershipLeavingTheGroupEndsIt() throws Exception {
        String a = user("Amy");
        String b = user("Ben");
        EntityBareJid room = createOpen(a, "Club");
        try (Client amy = login(a)) {
            MultiUserChat amyMuc = amy.muc(room);
            amyMuc.join(Resourcepart.from("Amy"));
            try (Client ben = login(b)) {
                ben.muc(room).join(Resourcepart.from("Ben"));
                amy.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Ben")) && p.isAvailable());
            }
            // a dropped session leaves the room, not the group
            amy.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Ben")) && !p.isAvailable());
            assertTrue(jids(amyMuc.getMembers()).contains(jid(b).toString()));
            try (Client ben = login(b)) {
                assertTrue(myRooms(ben).contains(room.toString()));
                ben.iq(room, "set", "<leave xmlns='" + NS + "'/>");
                assertFalse(myRooms(ben).contains(room.toString()));
                Message left = amy.await(Message.class, m -> "Ben left the group".equals(m.getBody()));
                assertEquals("left", ((StandardExtensionElement) left.getExtensionElement("event", NS)).getAttributeValue("type"));
                assertFalse(jids(amyMuc.getMembers()).contains(jid(b).toString()));
                XMPPErrorException again = assertThrows(XMPPErrorException.class,
                        () -> ben.iq(room, "set", "<leave xmlns='" + NS + "'/>"));
                assertEquals(StanzaError.Condition.item_not_found, again.getStanzaError().getCondition());
            }
            XMPPErrorException ownerLeaves = assertThrows(XMPPErrorException.class,
                    () -> amy.iq(room, "set", "<leave xmlns='" + NS + "'/>"));
            assertEquals(StanzaError.Condition.not_allowed, ownerLeaves.getStanzaError().getCondition());
        }
    }

    @Test
    void ownersKickAndBanMembersCannot() throws Exception {
        String o = user("Olga");
        String m = user("Max");
        String t = user("Tom");
        EntityBareJid room = createOpen(o, "Moderated");
        try (Client olga = login(o); Client max = login(m); Client tom = login(t)) {
            MultiUserChat olgaMuc = olga.muc(room);
            olgaMuc.join(Resourcepart.from("Olga"));
            MultiUserChat maxMuc = max.muc(room);
            maxMuc.join(Resourcepart.from("Max"));
            tom.muc(room).join(Resourcepart.from("Tom"));

            XMPPErrorException notAllowed = assertThrows(XMPPErrorException.class,
                    () -> maxMuc.kickParticipant(Resourcepart.from("Tom"), "no"));
            assertEquals(StanzaError.Condition.forbidden, notAllowed.getStanzaError().getCondition());

            olgaMuc.kickParticipant(Resourcepart.from("Tom"), "calm down");
            Presence kicked = tom.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Tom")) && !p.isAvailable());
            assertTrue(MUCUser.from(kicked).getStatus().contains(MUCUser.Status.KICKED_307));
            max.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Tom")) && !p.isAvailable());

            // kicked is not banned: Tom may come back, until banned
            MultiUserChat tomMuc = tom.muc(room);
            // Smack learns of the kick on its own listener thread; joining before that makes it leave first
            InProcessServer.eventually(WAIT, () -> !tomMuc.isJoined());
            tomMuc.join(Resourcepart.from("Tom"));
            olgaMuc.banUser(jid(t), "enough");
            Presence banned = tom.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Tom")) && !p.isAvailable()
                    && MUCUser.from(p).getStatus().contains(MUCUser.Status.BANNED_301));
            assertNotNull(banned);
            assertEquals(List.of(jid(t).toString()), jids(olgaMuc.getOutcasts()));
            XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                    () -> tom.muc(room).join(Resourcepart.from("Tom")));
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
            assertTrue(refused.getStanzaError().getDescriptiveText("en").contains("banned"));
            assertFalse(myRooms(tom).contains(room.toString()));
        }
    }

    @Test
    void membersOnlyGroupsRefuseStrangersAndLetInvitedUsersIn() throws Exception {
        String o = user("Oscar");
        String d = user("Dora");
        String e = user("Eve");
        long number = NUMBERS.incrementAndGet();
        EntityBareJid room = room(number);
        try (Client oscar = login(o); Client dora = login(d); Client eve = login(e)) {
            oscar.iq(service(), "set", "<create xmlns='" + NS + "' number='" + number + "' name='Secret' membersonly='true'/>");
            MultiUserChat oscarMuc = oscar.muc(room);
            oscarMuc.join(Resourcepart.from("Oscar"));

            XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                    () -> dora.muc(room).join(Resourcepart.from("Dora")));
            assertEquals(StanzaError.Condition.registration_required, refused.getStanzaError().getCondition());
            assertTrue(refused.getStanzaError().getDescriptiveText("en").contains("members only"));

            // mediated invitation (XEP-0045): through the room
            oscarMuc.invite(jid(d), "join us");
            Message invitation = dora.await(Message.class, m -> room.equals(m.getFrom()) && MUCUser.from(m) != null
                    && MUCUser.from(m).getInvite() != null);
            assertEquals("join us", MUCUser.from(invitation).getInvite().getReason());
            dora.muc(room).join(Resourcepart.from("Dora"));
            assertTrue(myRooms(dora).contains(room.toString()));

            // direct invitation (XEP-0249): user to user, the server remembers it
            oscar.connection.sendStanza(oscar.connection.getStanzaFactory().buildMessageStanza().to(jid(e))
                    .addExtension(StandardExtensionElement.builder("x", "jabber:x:conference")
                            .addAttribute("jid", room.toString()).addAttribute("reason", "hi").build())
                    .build());
            Message direct = eve.await(Message.class, m -> m.getExtensionElement("x", "jabber:x:conference") != null);
            assertEquals(jid(o), direct.getFrom().asBareJid());
            eve.muc(room).join(Resourcepart.from("Eve"));
            oscar.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Eve")) && p.isAvailable());

            // members-only groups are not listed; their disco#info says what they are
            DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(eve.connection).discoverItems(service());
            assertFalse(items.getItems().stream().anyMatch(i -> i.getEntityID().equals(room)));
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(eve.connection).discoverInfo(room);
            assertTrue(info.containsFeature("muc_membersonly") && info.containsFeature("muc_persistent"));
            assertEquals("Secret", info.getIdentities().get(0).getName());
        }
    }

    @Test
    void occupantsSeeTheMemberListChangeLive() throws Exception {
        String o = user("Pia");
        String g = user("Gus");
        EntityBareJid room = createOpen(o, "Live");
        try (Client pia = login(o)) {
            MultiUserChat piaMuc = pia.muc(room);
            piaMuc.join(Resourcepart.from("Pia"));
            piaMuc.grantMembership(jid(g));
            // Gus is not in the room: the change comes as an unavailable presence with the new affiliation
            Presence added = pia.await(Presence.class, p -> !p.isAvailable() && MUCUser.from(p) != null
                    && MUCUser.from(p).getItem() != null && MUCUser.from(p).getItem().getJid() != null
                    && MUCUser.from(p).getItem().getJid().asBareJid().equals(jid(g)));
            assertEquals("member", MUCUser.from(added).getItem().getAffiliation().name());
            assertTrue(jids(piaMuc.getMembers()).contains(jid(g).toString()));
            try (Client gus = login(g)) {
                assertTrue(myRooms(gus).contains(room.toString()), "granted membership shows in Gus's list");
                gus.muc(room).join(Resourcepart.from("Gus"));
                pia.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Gus")) && p.isAvailable());
                pia.await(Message.class, m -> "Gus joined the group".equals(m.getBody()));
                assertEquals(2, piaMuc.getOccupantsCount());
            }
            pia.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Gus")) && !p.isAvailable());
            piaMuc.revokeMembership(jid(g));
            pia.await(Presence.class, p -> !p.isAvailable() && MUCUser.from(p) != null && MUCUser.from(p).getItem() != null
                    && "none".equals(MUCUser.from(p).getItem().getAffiliation().name().toLowerCase()));
            assertFalse(jids(piaMuc.getMembers()).contains(jid(g).toString()));
        }
    }

    // ================================================================ messages

    @Test
    void historyOnEnteringPrivateMessagesAndWhatIsRefused() throws Exception {
        String a = user("Hal");
        String b = user("Ivy");
        String c = user("Jon");
        EntityBareJid room = createOpen(a, "Chatty");
        try (Client hal = login(a); Client ivy = login(b); Client jon = login(c)) {
            MultiUserChat halMuc = hal.muc(room);
            halMuc.join(Resourcepart.from("Hal"));
            for (int i = 1; i <= 3; i++) {
                halMuc.sendMessage("message " + i);
                final int n = i;
                hal.await(Message.class, m -> ("message " + n).equals(m.getBody()));
            }
            MultiUserChat ivyMuc = ivy.muc(room);
            ivyMuc.join(ivyMuc.getEnterConfigurationBuilder(Resourcepart.from("Ivy")).requestMaxStanzasHistory(2).build());
            Message first = ivy.await(Message.class, m -> "message 2".equals(m.getBody()));
            assertNotNull(DelayInformation.from(first), "history carries a delay stamp (XEP-0203)");
            assertEquals(occupant(room, "Hal"), first.getFrom());
            ivy.await(Message.class, m -> "message 3".equals(m.getBody()) && DelayInformation.from(m) != null);
            ivy.assertNone(Message.class, m -> "message 1".equals(m.getBody()), SHORT);

            // a nickname is one person's
            XMPPErrorException nick = assertThrows(XMPPErrorException.class, () -> jon.muc(room).join(Resourcepart.from("Hal")));
            assertEquals(StanzaError.Condition.conflict, nick.getStanzaError().getCondition());

            // no groupchat from outside
            jon.connection.sendStanza(jon.connection.getStanzaFactory().buildMessageStanza().to(room)
                    .ofType(Message.Type.groupchat).setBody("let me in").build());
            Message error = jon.await(Message.class, m -> m.getType() == Message.Type.error);
            assertEquals(StanzaError.Condition.not_acceptable, error.getError().getCondition());
            hal.assertNone(Message.class, m -> "let me in".equals(m.getBody()), SHORT);

            // a private message through the room, from the sender's occupant JID
            ivy.connection.sendStanza(ivy.connection.getStanzaFactory().buildMessageStanza().to(occupant(room, "Hal"))
                    .ofType(Message.Type.chat).setBody("psst").build());
            Message pm = hal.await(Message.class, m -> "psst".equals(m.getBody()));
            assertEquals(occupant(room, "Ivy"), pm.getFrom());
            assertEquals(Message.Type.chat, pm.getType());
        }
    }

    // ================================================================ discovery

    @Test
    void discoveryListsTheServiceAndPublicGroups() throws Exception {
        String a = user("Kim");
        EntityBareJid room = createOpen(a, "Open house");
        try (Client kim = login(a)) {
            ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(kim.connection);
            assertTrue(disco.discoverItems(JidCreate.domainBareFrom(InProcessServer.DOMAIN)).getItems().stream()
                    .anyMatch(i -> i.getEntityID().equals(service())), "the server lists its groups service");
            DiscoverInfo serviceInfo = disco.discoverInfo(service());
            assertTrue(serviceInfo.hasIdentity("conference", "text"));
            assertTrue(serviceInfo.containsFeature("http://jabber.org/protocol/muc") && serviceInfo.containsFeature(NS));
            assertTrue(disco.discoverItems(service()).getItems().stream()
                    .anyMatch(i -> i.getEntityID().equals(room) && "Open house".equals(i.getName())));
            DiscoverInfo info = disco.discoverInfo(room);
            assertTrue(info.containsFeature("muc_open") && info.containsFeature("muc_persistent"));
            XMPPErrorException none = assertThrows(XMPPErrorException.class, () -> disco.discoverInfo(room(99_999_999)));
            assertEquals(StanzaError.Condition.item_not_found, none.getStanzaError().getCondition());
        }
    }

    // ================================================================ plugin life cycle

    @Test
    void stoppingThePluginTellsOccupantsAndStartingItBringsTheGroupsBack() throws Exception {
        String a = user("Lea");
        EntityBareJid room = createOpen(a, "Durable");
        try (Client lea = login(a)) {
            lea.muc(room).join(Resourcepart.from("Lea"));
            Bundle plugin = server.bundle("org.magpie.plugin.rooms");
            plugin.stop();
            try {
                Presence gone = lea.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Lea")) && !p.isAvailable());
                assertTrue(MUCUser.from(gone).getStatus().contains(MUCUser.Status.create(332)));
                XMPPErrorException off = assertThrows(XMPPErrorException.class, () -> myRooms(lea));
                assertEquals(StanzaError.Condition.service_unavailable, off.getStanzaError().getCondition());
            } finally {
                plugin.start();
            }
            InProcessServer.eventually(WAIT, () -> {
                try {
                    return myRooms(lea).contains("Durable");
                } catch (XMPPErrorException e) {
                    return false;
                }
            });
            MultiUserChatManager.getInstanceFor(lea.connection).getMultiUserChat(room).join(Resourcepart.from("Lea again"));
            assertEquals("Durable", ServiceDiscoveryManager.getInstanceFor(lea.connection).discoverInfo(room)
                    .getIdentities().get(0).getName());
        }
    }

    // ================================================================ helpers

    private static String user(String nick) throws Exception {
        String name = "room" + USERS.incrementAndGet();
        server.register(name, PASSWORD, nick);
        return name;
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    private static EntityBareJid room(long number) {
        return JidCreate.entityBareFromOrThrowUnchecked(number + "@" + SERVICE);
    }

    private static DomainBareJid service() {
        return JidCreate.domainBareFromOrThrowUnchecked(SERVICE);
    }

    private static Jid occupant(EntityBareJid room, String nick) {
        return JidCreate.fromOrThrowUnchecked(room + "/" + nick);
    }

    /** An open group made with the Magpie create request. */
    private static EntityBareJid createOpen(String owner, String name) throws Exception {
        long number = NUMBERS.incrementAndGet();
        try (Client c = login(owner)) {
            c.iq(service(), "set", "<create xmlns='" + NS + "' number='" + number + "' name='" + name + "'/>");
        }
        return room(number);
    }

    private static List<String> jids(List<Affiliate> affiliates) {
        return affiliates.stream().map(x -> x.getJid().toString()).sorted().toList();
    }

    private static String myRooms(Client c) throws Exception {
        return c.iq(service(), "get", "<rooms xmlns='" + NS + "'/>");
    }

    private static long number(String xml) {
        Matcher m = Pattern.compile("number=['\"](\\d+)['\"]").matcher(xml);
        assertTrue(m.find(), xml);
        return Long.parseLong(m.group(1));
    }

    private static Client login(String user) throws Exception {
        XMPPTCPConnection c = server.login(user, PASSWORD, "desk");
        Client client = new Client(c);
        c.addStanzaListener(client::received, s -> true);
        return client;
    }

    /** A logged-in user with every stanza it receives kept for assertions. */
    static final class Client implements AutoCloseable {
        final XMPPTCPConnection connection;
        private final List<Stanza> received = new ArrayList<>();

        Client(XMPPTCPConnection connection) {
            this.connection = connection;
        }

        MultiUserChat muc(EntityBareJid room) {
            return MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
        }

        synchronized void received(Stanza s) {
            received.add(s);
            notifyAll();
        }

        synchronized <T extends Stanza> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (Stanza s : received) {
                    if (type.isInstance(s) && match.test(type.cast(s))) {
                        received.remove(s);
                        return type.cast(s);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching " + type.getSimpleName() + " at " + connection.getUser()
                            + "; received: " + received.stream().map(x -> x.toXML().toString()).toList());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized <T extends Stanza> void assertNone(Class<T> type, Predicate<T> match, Duration during)
                throws InterruptedException {
            long deadline = System.nanoTime() + during.toNanos();
            while (System.nanoTime() < deadline) {
                for (Stanza s : received) {
                    if (type.isInstance(s) && match.test(type.cast(s))) {
                        throw new AssertionError("unexpected at " + connection.getUser() + ": " + s.toXML());
                    }
                }
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }

        /** Sends an IQ with the given child XML and returns the result's child XML. */
        String iq(Jid to, String type, String childXml) throws Exception {
            RawIq request = new RawIq(childXml);
            request.setTo(to);
            request.setType(IQ.Type.fromString(type));
            IQ result = connection.createStanzaCollectorAndSend(request).nextResultOrThrow();
            return result instanceof UnparsedIQ u ? u.getContent().toString() : result.toXML().toString();
        }

        @Override
        public void close() {
            if (connection.isConnected()) {
                connection.disconnect();
            }
        }
    }

    /** Reads an element's attributes (the Magpie marker, the MUC join element) into a generic element. */
    static final class FlatProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
            for (int i = 0; i < parser.getAttributeCount(); i++) {
                b.addAttribute(parser.getAttributeName(i), parser.getAttributeValue(i));
            }
            while (!(parser.next() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth)) {
                // children (a join's <history/>) are not needed
            }
            return b.build();
        }
    }

    /** An IQ whose payload is given as XML (the Magpie requests have no Smack provider). */
    static final class RawIq extends IQ {
        private final String xml;

        RawIq(String xml) {
            super(element(xml), namespace(xml));
            this.xml = xml;
        }

        private static String element(String xml) {
            return xml.substring(1, xml.indexOf(' '));
        }

        private static String namespace(String xml) {
            Matcher m = Pattern.compile("xmlns='([^']+)'").matcher(xml);
            return m.find() ? m.group(1) : "";
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder builder) {
            // the attributes after xmlns, as written
            String rest = xml.substring(xml.indexOf('\'', xml.indexOf("xmlns='") + 7) + 1, xml.lastIndexOf("/>"));
            builder.append(rest);
            builder.setEmptyElement();
            return builder;
        }
    }
}
