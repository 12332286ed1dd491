package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** XEP-0313 metadata: the first and last message of the user's own archive. */
@Component(service = IqHandler.class)
@ServesIq(element = "metadata", namespace = Namespaces.MAM, types = IqType.GET, accountAddressed = true)
public final class MamMetadataHandler extends MamRequest {

    @Activate
    public MamMetadataHandler(@Reference ArchiveEngine engine) {
        super(engine);
    }

    @Override
    Stanza answer(Stanza iq, Element metadata, EntityFullJid requester, Session session) {
        return iq.resultReply(engine.queries().metadata(requester.asEntityBareJid().toString()));
    }
}
