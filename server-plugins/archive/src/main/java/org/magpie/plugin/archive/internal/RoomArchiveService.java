package org.magpie.plugin.archive.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.RoomArchive;
import org.magpie.server.xml.StanzaText;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The groups' archive in the same {@code chat_history} table as private chats (kind {@code g}, conversation = the group). */
@Component(service = RoomArchive.class)
public final class RoomArchiveService implements RoomArchive {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoomArchiveService.class);

    private final ArchiveEngine engine;

    @Activate
    public RoomArchiveService(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public String store(EntityBareJid room, EntityBareJid sender, String nick, Element message, Collection<EntityBareJid> members) {
        try {
            return Ids.format(engine.archiver().storeGroup(room.toString(), sender == null ? null : sender.toString(), nick, message,
                    members.stream().map(Object::toString).toList()));
        } catch (StorageException e) {
            throw new IllegalStateException("group message of " + room + " not stored: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Archived> recent(EntityBareJid room, int max, Instant since) {
        if (max <= 0) {
            return List.of();
        }
        HistoryStore.Range range = new HistoryStore.Range(since == null ? 0 : Ids.first(since), Long.MAX_VALUE, false, max);
        List<Archived> recent = new java.util.ArrayList<>();
        for (HistoryStore.Stored s : engine.context().store.history().conversation(room.toString(), range)) {
            try {
                recent.add(new Archived(Ids.format(s.id()), StanzaText.read(s.stanza()), Ids.instant(s.id())));
            } catch (IllegalArgumentException e) {
                // one unreadable row must not keep everyone from entering the group
                LOG.error("group message {} of {} cannot be read back and is left out of the join history: {}", s.id(),
                        room, e.getMessage());
            }
        }
        return recent;
    }

    @Override
    public Element query(EntityBareJid room, Element query, EntityFullJid requester, Consumer<Stanza> send) throws StanzaException {
        try {
            MamQueries queries = engine.queries();
            MamQueries.Query q = queries.parse(query);
            if (q.with() != null) {
                throw engine.context().texts.text("mam.room.with").exception(Condition.BAD_REQUEST);
            }
            MamQueries.Page page = queries.page(null, room.toString(), q);
            String queryId = query.attribute("queryid");
            for (HistoryStore.Stored item : page.items()) {
                queries.result(item, room, requester, queryId).ifPresent(send);
            }
            return MamQueries.fin(page);
        } catch (StorageException e) {
            throw engine.context().texts.text("mam.unavailable").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    @Override
    public void forget(EntityBareJid room) {
        engine.context().store.forgetConversation(room.toString());
    }
}
