package org.magpie.plugin.rooms.internal;

import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;

/**
 * The server's rules for named rooms ({@code team@rooms.<domain>}, as standard clients create them):
 * whether users may create them ({@code rooms.named.create}) and how long a name may be
 * ({@code rooms.named.max.length}, in characters). A name is a valid XMPP localpart as jxmpp
 * normalises it; digits only are group numbers, never names (see {@link RoomRegistry#checkAddress}).
 */
final class NamedRooms {

    /** RFC 7622: a localpart has at most 1023 bytes, so no longer limit can be met. */
    static final int MAX_LOCALPART = 1023;

    private final boolean mayCreate;
    private final int maxLength;
    private final Texts texts;

    NamedRooms(boolean mayCreate, int maxLength, Texts texts) {
        if (maxLength < 1 || maxLength > MAX_LOCALPART) {
            throw new IllegalArgumentException(
                    "rooms.named.max.length must be 1 to " + MAX_LOCALPART + " characters, not " + maxLength);
        }
        this.mayCreate = mayCreate;
        this.maxLength = maxLength;
        this.texts = texts;
    }

    /**
     * Entering a named room that does not exist creates it, when the server lets users do so and the
     * name (as the core parsed it) is within the limit and a localpart as jxmpp validates it. The limit
     * is for new rooms only: lowering it later keeps existing rooms reachable.
     */
    void checkMayCreate(String name) throws StanzaException {
        if (!mayCreate) {
            throw texts.text("named.create.off").exception(Condition.NOT_ALLOWED);
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            throw texts.text("name.too.long", Integer.toString(maxLength)).exception(Condition.NOT_ACCEPTABLE);
        }
        try {
            if (!Localpart.from(name).toString().equals(name)) {
                throw texts.text("name.invalid", name).exception(Condition.JID_MALFORMED);
            }
        } catch (XmppStringprepException e) {
            throw texts.text("name.invalid", name).exception(Condition.JID_MALFORMED);
        }
    }
}
