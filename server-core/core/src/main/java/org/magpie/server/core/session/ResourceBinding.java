package org.magpie.server.core.session;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.xml.Element;

/**
 * The IQs of resource binding (RFC 6120 section 7) and of the legacy session establishment (RFC 3921),
 * answered by the session itself, as raw elements: before binding there is no full JID to route by.
 */
final class ResourceBinding {

    private ResourceBinding() {
    }

    /** The bind payload of an IQ set, if it is a bind request. */
    static Optional<Element> bindRequest(Element iq) {
        if (IqType.of(iq.attribute("type")).orElse(null) != IqType.SET) {
            return Optional.empty();
        }
        return iq.child("bind", Namespaces.BIND);
    }

    /** A session establishment request, which needs nothing but a result. */
    static boolean isSessionRequest(Element iq) {
        return iq.is("iq", Namespaces.CLIENT) && iq.child("session", Namespaces.SESSION).isPresent();
    }

    /**
     * The resource the client asked for, or one made up when it asked for none.
     *
     * @throws IllegalArgumentException when the requested one is no valid resourcepart
     */
    static Resourcepart resource(Element bind) {
        String requested = bind.childText("resource").map(String::strip).orElse("");
        try {
            return Resourcepart.from(requested.isEmpty() ? generated() : requested);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String generated() {
        return "magpie-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** The result telling the client the address it is bound to. */
    static String bound(Element iq, EntityFullJid jid) {
        return result(iq, Element.builder("bind", Namespaces.BIND).textChild("jid", jid.toString()).build(), jid);
    }

    /** A result to the IQ, to the bound JID if there is one yet. */
    static String result(Element iq, Element payload, EntityFullJid to) {
        Element.Builder r = Element.builder("iq", Namespaces.CLIENT).attribute("type", IqType.RESULT.xmlName())
                .attribute("id", iq.attribute("id"));
        if (to != null) {
            r.attribute("to", to.toString());
        }
        if (payload != null) {
            r.child(payload);
        }
        return r.build().toXml(Namespaces.CLIENT);
    }

    static String error(Element iq, StanzaError error) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", IqType.ERROR.xmlName()).attribute("id", iq.attribute("id"))
                .child(error.toElement()).build().toXml(Namespaces.CLIENT);
    }
}
