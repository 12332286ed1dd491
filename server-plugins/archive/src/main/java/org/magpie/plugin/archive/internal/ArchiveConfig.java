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

    @AttributeDefinition(name = "Default history page",
            description = "Messages per history page when the client does not say.", min = "1")
    int mam_default_page() default 50;
}
