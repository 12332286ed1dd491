package org.magpie.plugin.archive.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.Namespaces;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises offline storage (XEP-0160 {@code msgoffline}), stanza ids (XEP-0359), the inbox and the
 * archive; {@code urn:xmpp:mam:2} also on each account's own disco#info, where XEP-0313 clients look.
 */
@Component(service = DiscoProvider.class)
public final class ArchiveDiscoProvider implements DiscoProvider {

    @Override
    public Collection<String> features() {
        return List.of("msgoffline", Namespaces.STANZA_ID, Namespaces.MAM, Inbox.NS);
    }

    @Override
    public Collection<String> accountFeatures() {
        return List.of(Namespaces.MAM, Namespaces.STANZA_ID);
    }
}
