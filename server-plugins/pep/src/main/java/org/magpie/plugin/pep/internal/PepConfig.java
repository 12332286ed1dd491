package org.magpie.plugin.pep.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of personal eventing, PID {@value PepEngine#PID}: the {@code pep.*} keys of
 * conf/magpie.properties ({@code pep.max.nodes.per.account} is {@code max_nodes_per_account} here).
 */
@ObjectClassDefinition(name = "Magpie personal eventing",
        description = "PEP (XEP-0163) nodes on each account: avatars, bookmarks, OMEMO device lists, mood, tune, "
                + "location; and private XML storage (XEP-0049).")
@interface PepConfig {

    @AttributeDefinition(name = "Nodes per account",
            description = "How many PEP nodes one account may have; publishing to a new node beyond that is refused "
                    + "with resource-constraint.", min = "1")
    int max_nodes_per_account() default 64;

    @AttributeDefinition(name = "Largest item",
            description = "The largest item payload in bytes (an avatar's data is the largest usual one); larger "
                    + "ones are refused with not-acceptable. Also the limit of one private XML storage element.", min = "1")
    int max_item_bytes() default 131072;

    @AttributeDefinition(name = "Items per node",
            description = "The most items one node keeps (pubsub#max_items 'max' means this); the oldest go first.",
            min = "1")
    int max_items_per_node() default 256;

    @AttributeDefinition(name = "Private storage elements per account",
            description = "How many different elements one account may keep in private XML storage (XEP-0049).",
            min = "1")
    int max_private_elements() default 64;

    @AttributeDefinition(name = "Seconds to wait for a client's capabilities",
            description = "How long the server waits for a client's answer when it asks for its features "
                    + "(XEP-0115) before it sends that client no notifications.", min = "1")
    int caps_timeout_seconds() default 20;
}
