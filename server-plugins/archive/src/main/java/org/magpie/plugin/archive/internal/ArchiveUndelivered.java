package org.magpie.plugin.archive.internal;

import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.UndeliveredMessages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Messages a dead connection never confirmed reading become offline messages again (see {@link OfflineMessages#undelivered}). */
@Component(service = UndeliveredMessages.class)
public final class ArchiveUndelivered implements UndeliveredMessages {

    private final ArchiveEngine engine;

    @Activate
    public ArchiveUndelivered(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public void undelivered(EntityFullJid session, List<Stanza> messages) {
        engine.offline().undelivered(session, messages);
    }
}
