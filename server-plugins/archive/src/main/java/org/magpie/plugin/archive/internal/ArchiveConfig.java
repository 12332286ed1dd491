package org.magpie.plugin.archive.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the archive plugin, PID {@value ArchiveEngine#PID}: the {@code archive.*} keys of
 * conf/magpie.properties ({@code archive.offline.max.per.user} is {@code offline_max_per_user} here:
 * Declarative Services maps {@code _} to a dot).
 */
@ObjectClassDefinition(name = "Magpie message archive",
        description = "History (XEP-0313), offline messages (XEP-0160) and unread counts per conversation.")
@interface ArchiveConfig {

    @AttributeDefinition(name = "Archive messages",
            description = "Store every chat and group message with a body for history and unread counts. "
                    + "Off: nothing new is archived; offline messages are still kept.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Offline messages per user",
            description = "How many messages wait for one offline user; more are refused with resource-constraint.",
            min = "0")
    int offline_max_per_user() default 1000;

    @AttributeDefinition(name = "Largest history page",
            description = "The most messages one history query (XEP-0313) returns; clients asking for more get this many.",
            min = "1")
    int mam_max_page() default 100;

    @AttributeDefinition(name = "Largest history page in bytes",
            description = "A history page stops before its stored messages exceed this many bytes (one larger message "
                    + "still comes alone); the client pages on from the last one it got.", min = "1")
    int mam_max_page_bytes() default 262144;

    @AttributeDefinition(name = "Deleting an account keeps the other party's history",
            description = "On: the other party of a one-to-one conversation keeps its copy (and the messages the deleted "
                    + "account sent that still wait for it). Off: both sides' copies go.")
    boolean deletion_keeps_peer_history() default true;

    @AttributeDefinition(name = "Default history page",
            description = "Messages per history page when the client does not say.", min = "1")
    int mam_default_page() default 50;
}
