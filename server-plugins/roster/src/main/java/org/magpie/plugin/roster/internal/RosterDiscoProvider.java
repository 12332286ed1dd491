package org.magpie.plugin.roster.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Component;

/** Advertises vCards (XEP-0054 §4) and the roster in the server's disco#info, and roster versioning (RFC 6121 §2.6) in the stream features. */
@Component(service = DiscoProvider.class)
public final class RosterDiscoProvider implements DiscoProvider {

    @Override
    public Collection<String> features() {
        return List.of(Namespaces.VCARD, Namespaces.ROSTER);
    }

    @Override
    public Collection<Element> streamFeatures() {
        return List.of(Element.of("ver", "urn:xmpp:features:rosterver"));
    }
}
