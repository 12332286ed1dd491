package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

class ClientStateTest {

    private final List<String> written = new ArrayList<>();

    @Test
    void anActiveClientGetsEverythingAtOnce() {
        ClientState state = new ClientState(10);
        send(state, "<presence from='bob@x/pc'/>");
        send(state, "<message from='bob@x/pc' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertEquals(2, written.size());
    }

    @Test
    void anInactiveClientGetsTheLatestPresenceAndChatStatePerSenderWithTheNextMessage() {
        ClientState state = new ClientState(10);
        state.indicated(Element.of("inactive", ClientState.NS), this::write);

        send(state, "<presence from='bob@x/pc'><show>away</show></presence>");
        send(state, "<presence from='carol@x/pc'/>");
        send(state, "<presence from='bob@x/pc'><show>dnd</show></presence>");
        send(state, "<message from='bob@x/pc' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        send(state, "<message from='bob@x/pc' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>");
        send(state, "<presence from='dave@x' type='subscribe'/>");
        send(state, "<iq from='x' type='result' id='r'/>");
        assertEquals(List.of("presence dave@x", "iq x"), written, "requests and answers are not held");
        assertEquals(3, state.held());

        send(state, "<message from='bob@x/pc' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertEquals(List.of("presence dave@x", "iq x", "presence carol@x/pc", "presence bob@x/pc dnd",
                "message bob@x/pc paused", "message bob@x/pc hi"), written, "held ones first, the newest of each");
        assertEquals(0, state.held());
    }

    @Test
    void becomingActiveFlushesAndTooManyHeldAreWrittenRatherThanLost() {
        ClientState state = new ClientState(2);
        state.indicated(Element.of("inactive", ClientState.NS), this::write);
        send(state, "<presence from='a@x/1'/>");
        send(state, "<presence from='b@x/1'/>");
        assertEquals(List.of(), written);
        send(state, "<presence from='c@x/1'/>");
        assertEquals(List.of("presence a@x/1", "presence b@x/1", "presence c@x/1"), written);

        written.clear();
        send(state, "<presence from='d@x/1' type='unavailable'/>");
        state.indicated(Element.of("active", ClientState.NS), this::write);
        assertEquals(List.of("presence d@x/1"), written);
        send(state, "<presence from='e@x/1'/>");
        assertEquals(List.of("presence d@x/1", "presence e@x/1"), written, "active again: at once");
    }

    @Test
    void zeroTurnsHoldingOff() {
        ClientState state = new ClientState(0);
        state.indicated(Element.of("inactive", ClientState.NS), this::write);
        send(state, "<presence from='a@x/1'/>");
        assertEquals(List.of("presence a@x/1"), written);
    }

    private void send(ClientState state, String xml) {
        state.send(Stanzas.stanza(xml), this::write);
    }

    private void write(Stanza s) {
        String extra = s.body().orElse(s.element().childText("show").orElse(
                s.isMessage() ? s.element().elements().get(0).name() : null));
        written.add(s.kind().elementName() + " " + s.from() + (extra == null ? "" : " " + extra));
    }
}
