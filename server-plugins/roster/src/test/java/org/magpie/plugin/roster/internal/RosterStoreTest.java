package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.TestDatabase;

/** The roster tables in an in-memory Derby database. */
class RosterStoreTest {


    private RosterStore store;

    @BeforeEach
    void open() throws SQLException {
        store = memoryStore();
    }

    /** A roster store on a new in-memory database, its schema made by running every migration. */
    static RosterStore memoryStore() throws SQLException {
        TestDatabase db = TestDatabase.inMemory();
        RosterStore store = new RosterStore(db.dataSource(), db);
        assertEquals(List.of("roster"), db.migratedModules());
        return store;
    }

    @Test
    void itemsAreSavedUpdatedAndDeleted() {
        RosterItem bob = new RosterItem("bob@localhost", Subscription.NONE, true, null, List.of("Work", "同事"));
        store.save("alice@localhost", bob);
        assertEquals(Optional.of(bob), store.item("alice@localhost", "bob@localhost"));

        RosterItem both = bob.with(Subscription.BOTH, false).withNameAndGroups("Bobby", List.of());
        store.save("alice@localhost", both);
        assertEquals(List.of(both), store.items("alice@localhost"));
        assertEquals(List.of(new RosterStore.Owned("alice@localhost", both)), store.holdersOf("bob@localhost"));

        assertTrue(store.delete("alice@localhost", "bob@localhost"));
        assertFalse(store.delete("alice@localhost", "bob@localhost"));
        assertTrue(store.items("alice@localhost").isEmpty());
    }

    @Test
    void requestsStayUntilRemovedAndAreListedOldestFirst() {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        store.addRequest("carol@localhost", "dave@localhost", "hi", "Dave", t.plusSeconds(5));
        store.addRequest("carol@localhost", "erin@localhost", null, "Erin", t);
        store.addRequest("carol@localhost", "dave@localhost", "hello again", "Dave", t.plusSeconds(60));
        List<RosterStore.Request> requests = store.requests("carol@localhost");
        assertEquals(List.of("erin@localhost", "dave@localhost"), requests.stream().map(RosterStore.Request::requester).toList());
        assertEquals("hello again", requests.get(1).status(), "a repeated request refreshes its text, keeps its time");
        assertEquals(t.plusSeconds(5), requests.get(1).created());
        assertTrue(store.hasRequest("carol@localhost", "erin@localhost"));
        assertTrue(store.removeRequest("carol@localhost", "erin@localhost"));
        assertFalse(store.hasRequest("carol@localhost", "erin@localhost"));
    }

    @Test
    void versionsCountChanges() {
        assertEquals(0, store.version("frank@localhost"));
        store.bumpVersion("frank@localhost");
        store.bumpVersion("frank@localhost");
        assertEquals(2, store.version("frank@localhost"));
    }

    @Test
    void vcardsAreKeptAndReadBack() {
        Element vcard = Element.builder("vCard", "vcard-temp").textChild("NICKNAME", "G <&>")
                .child(Element.builder("PHOTO", "vcard-temp").textChild("TYPE", "image/png").textChild("BINVAL", "AAAA").build())
                .build();
        store.saveVcard("gina@localhost", vcard.toXml());
        store.saveVcard("gina@localhost", vcard.toXml());
        assertEquals(Optional.of(vcard), store.vcard("gina@localhost").flatMap(VCardHandler::parse));
        assertEquals(Optional.empty(), VCardHandler.parse("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><vCard>&e;</vCard>")
                .filter(e -> e.text().contains("root")));
    }
}
