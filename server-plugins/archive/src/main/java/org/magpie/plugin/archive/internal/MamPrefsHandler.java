package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * XEP-0313 §6.1 preferences: the answer is the preferences in force. Only the default mode is kept;
 * per-contact lists are not, and the answer shows them empty so a client sees that.
 */
@Component(service = IqHandler.class)
@ServesIq(element = "prefs", namespace = Namespaces.MAM, types = {IqType.GET, IqType.SET}, accountAddressed = true)
public final class MamPrefsHandler extends MamRequest {

    @Activate
    public MamPrefsHandler(@Reference ArchiveEngine engine) {
        super(engine);
    }

    @Override
    Stanza answer(Stanza iq, Element prefs, EntityFullJid requester, Session session) throws StanzaException {
        String owner = requester.asEntityBareJid().toString();
        if (iq.is(IqType.SET)) {
            String mode = prefs.attribute("default");
            if (mode == null || !ArchivePrefs.MODES.contains(mode)) {
                throw engine.context().texts.text("mam.prefs.mode").exception(Condition.BAD_REQUEST);
            }
            engine.prefs().defaultMode(owner, mode);
        }
        return iq.resultReply(Element.builder("prefs", Namespaces.MAM).attribute("default", engine.prefs().defaultMode(owner))
                .child(Element.of("always", Namespaces.MAM)).child(Element.of("never", Namespaces.MAM)).build());
    }
}
