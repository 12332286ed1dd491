package org.magpie.plugin.blocking.internal;

import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;

/** What the three IQ handlers of XEP-0191 share: the asker's account and the {@code <item jid/>}s of a request. */
final class BlocklistHandlers {

    private BlocklistHandlers() {
    }

    static EntityBareJid owner(Stanza iq) {
        return iq.from().asEntityBareJidOrThrow();
    }

    /** The addresses of the payload's items, each checked (§3.3: a bad one refuses the whole request). */
    static List<Jid> items(Blocklists lists, Element payload) throws StanzaException {
        List<Jid> jids = new ArrayList<>();
        for (Element item : payload.elements()) {
            if (!item.is("item", Blocklists.NS)) {
                continue;
            }
            String value = item.attribute("jid");
            if (value == null || value.isBlank()) {
                throw lists.texts.text("blocking.no.jid").exception(Condition.BAD_REQUEST);
            }
            if (value.length() > BlocklistStore.MAX_JID_LENGTH) {
                throw lists.texts.text("blocking.too.long").exception(Condition.NOT_ACCEPTABLE);
            }
            try {
                jids.add(JidCreate.from(value));
            } catch (Exception e) {
                throw lists.texts.text("blocking.bad.jid", value).exception(Condition.JID_MALFORMED);
            }
        }
        return jids;
    }
}
