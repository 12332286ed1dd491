package org.magpie.plugin.files.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Upload slots: a request checked against the limits (name, size, type, quota, group) becomes a new slot. */
final class SlotRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SlotRequests.class);
    static final long MIB = 1024L * 1024L;

    /** A slot refused because the file is larger than the limit, which the error carries. */
    static final class FileTooLargeException extends StanzaException {
        private static final long serialVersionUID = 1L;
        private final long max;

        FileTooLargeException(LocalizedText text, long max) {
            super(text.error(Condition.NOT_ACCEPTABLE));
            this.max = max;
        }

        long max() {
            return max;
        }
    }

    private final Texts texts = Texts.of(SlotRequests.class);
    private final FileStore store;
    private final FileAccess access;
    private final FilesConfig config;
    private final ContentTypes types;
    private final Ids ids = new Ids();
    private final Clock clock;

    SlotRequests(FileStore store, FileAccess access, FilesConfig config, Clock clock) {
        this.store = store;
        this.access = access;
        this.config = config;
        this.types = new ContentTypes(config.types_allowed());
        this.clock = clock;
    }

    long maxFileSize() {
        return config.max_file_mb() * MIB;
    }

    /** When a file stored at {@code from} expires; null when files are kept forever. */
    static Instant expiry(FilesConfig config, Instant from) {
        return config.expire_days() > 0 ? from.plus(Duration.ofDays(config.expire_days())) : null;
    }

    /**
     * A new slot for the owner's file, checked against the limits.
     *
     * @param room bare JID of the group the file is for, or null
     * @throws StanzaException with a text in English and Chinese when the request is refused
     */
    FileRecord requestSlot(EntityBareJid owner, String filename, long size, String contentType, String room)
            throws StanzaException {
        if (filename == null || filename.isBlank() || filename.length() > 255 || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw texts.text("slot.name.invalid").exception(Condition.BAD_REQUEST);
        }
        if (size < 0) {
            throw texts.text("slot.size.invalid").exception(Condition.BAD_REQUEST);
        }
        long max = maxFileSize();
        if (size > max) {
            throw new FileTooLargeException(texts.text("slot.too.large", String.valueOf(size), String.valueOf(max),
                    String.valueOf(config.max_file_mb())), max);
        }
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : ContentTypes.normalize(contentType);
        if (type == null) {
            throw texts.text("slot.type.invalid", contentType).exception(Condition.BAD_REQUEST);
        }
        if (!types.allows(type)) {
            throw texts.text("slot.type.not.allowed", type, types.describe()).exception(Condition.NOT_ACCEPTABLE);
        }
        String user = owner.toString();
        if (room != null) {
            room = access.roomToShareIn(room, user);
        }
        Instant now = clock.instant();
        long quota = config.quota_mb() * MIB;
        if (quota > 0) {
            long used = store.usage(user, now);
            if (used + size > quota) {
                throw texts.text("slot.quota.exceeded", String.valueOf(used), String.valueOf(quota),
                        String.valueOf(config.quota_mb()), String.valueOf(size), String.valueOf(config.expire_days()))
                        .exception(Condition.RESOURCE_CONSTRAINT);
            }
        }
        FileRecord slot = FileRecord.slot(ids.next(), ids.next(), user, filename, size, type, now, expiry(config, now), room);
        store.insert(slot);
        LOG.debug("slot {} for {} ({} bytes, {})", slot.slotId(), user, size, type);
        return slot;
    }
}
