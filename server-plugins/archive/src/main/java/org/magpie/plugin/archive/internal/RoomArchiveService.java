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
            return Ids.format(engine.storeGroup(room.toString(), sender == null ? null : sender.toString(), nick, message,
                    members.stream().map(Object::toString).toList()));
        } catch (ArchiveStore.StorageException e) {
            throw new IllegalStateException("group message of " + room + " not stored: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Archived> recent(EntityBareJid room, int max, Instant since) {
        if (max <= 0) {
            return List.of();
        }
        ArchiveStore.Range range = new ArchiveStore.Range(since == null ? 0 : Ids.first(since), Long.MAX_VALUE, false, max);
        List<Archived> recent = new java.util.ArrayList<>();
        for (ArchiveStore.Stored s : engine.store().conversation(room.toString(), range)) {
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
            ArchiveEngine.Query q = engine.parse(query);
            if (q.with() != null) {
                throw new StanzaException(new Text("A group's history has no 'with' filter; use start and end.",
                        "群聊记录不支持 with 筛选，请使用 start 和 end。").error(Condition.BAD_REQUEST));
            }
            ArchiveEngine.Page page = engine.page(null, room.toString(), q);
            String queryId = query.attribute("queryid");
            for (ArchiveStore.Stored item : page.items()) {
                engine.result(item, room, requester, queryId).ifPresent(send);
            }
            return ArchiveEngine.fin(page);
        } catch (ArchiveStore.StorageException e) {
            throw new StanzaException(new Text("The server could not read the history just now. Please try again later.",
                    "服务器暂时无法读取历史消息，请稍后再试。").error(Condition.INTERNAL_SERVER_ERROR));
        }
    }

    @Override
    public void forget(EntityBareJid room) {
        engine.store().forgetConversation(room.toString());
    }
}
