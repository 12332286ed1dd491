package org.magpie.plugin.rooms.internal;

import java.util.Arrays;
import java.util.List;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/** Pieces of the service's and the groups' service discovery answers (XEP-0030). */
final class Disco {

    private Disco() {
    }

    /** A conference identity: the service, or a group by its name. */
    static Element identity(String name) {
        return Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "conference")
                .attribute("type", "text").attribute("name", name).build();
    }

    static List<Element> features(String... vars) {
        return Arrays.stream(vars)
                .map(v -> Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", v).build()).toList();
    }

    static Element item(Jid jid, String name) {
        return Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", jid.toString()).attribute("name", name)
                .build();
    }
}
