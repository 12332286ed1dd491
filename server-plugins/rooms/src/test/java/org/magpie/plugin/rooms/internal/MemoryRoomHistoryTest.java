package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

class MemoryRoomHistoryTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");
    private static final EntityBareJid ONE = JidCreate.entityBareFromOrThrowUnchecked("10001@rooms.localhost");
    private static final EntityBareJid TWO = JidCreate.entityBareFromOrThrowUnchecked("team@rooms.localhost");

    @Test
    void keepsTheLastMessagesAndHonoursMaxAndSince() {
        MemoryRoomHistory history = new MemoryRoomHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.record(ONE, new RoomHistory.Entry(message("m" + i), T.plusSeconds(i)));
        }
        assertEquals(List.of("m3", "m4", "m5"), bodies(history.recent(ONE, 20, null)));
        assertEquals(List.of("m4", "m5"), bodies(history.recent(ONE, 2, null)));
        assertEquals(List.of("m5"), bodies(history.recent(ONE, 20, T.plusSeconds(5))));
        assertTrue(history.recent(ONE, 0, null).isEmpty());
        assertTrue(history.recent(TWO, 20, null).isEmpty());
        history.forget(ONE);
        assertTrue(history.recent(ONE, 20, null).isEmpty());
    }

    private static Element message(String body) {
        return Element.builder("message", Namespaces.CLIENT).textChild("body", body).build();
    }

    private static List<String> bodies(List<RoomHistory.Entry> entries) {
        return entries.stream().map(e -> e.message().childText("body").orElse("")).toList();
    }
}
