package org.magpie.plugin.rooms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the groups service, PID {@value RoomService#PID}: the {@code rooms.*} keys of
 * conf/magpie.properties; Declarative Services maps each {@code _} of a method name to a dot.
 */
@ObjectClassDefinition(name = "Magpie groups", description = "Group chat rooms (XEP-0045) on rooms.<domain>.")
@interface RoomsConfig {

    @AttributeDefinition(name = "Messages on join",
            description = "How many recent messages a user gets on entering a group (fewer if the client asks).", min = "0")
    int history_on_join() default 20;

    @AttributeDefinition(name = "First number", description = "The number handed out first when the server picks one.",
            min = "1")
    long number_first() default 10001;

    @AttributeDefinition(name = "Reservation minutes",
            description = "How long a number handed out by 'next free number' stays reserved for the user who asked.",
            min = "1")
    int number_reservation_minutes() default 10;

    @AttributeDefinition(name = "Groups per user",
            description = "How many groups one user may have created and not dissolved; 0 = no limit.", min = "0")
    int max_per_user() default 100;

    @AttributeDefinition(name = "Users create named rooms",
            description = "Whether entering a named room that does not exist (team@rooms.<domain>, as standard clients do) "
                    + "creates it; when off, only group numbers and existing named rooms can be entered.")
    boolean named_create() default true;

    @AttributeDefinition(name = "Longest room name",
            description = "How many characters the name of a named room may have (1 to 1023).", min = "1", max = "1023")
    int named_max_length() default 100;
}
