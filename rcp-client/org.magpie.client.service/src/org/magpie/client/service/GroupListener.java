package org.magpie.client.service;

import java.util.List;

/**
 * Hears what happens in this user's groups. Called on the same background thread as the
 * {@link MessagingListener}s, in order: user interfaces hand the calls over to their UI thread.
 *
 * @since 1.3
 */
public interface GroupListener {

    /**
     * The list of this user's groups changed: loaded after a login, a group created, joined or
     * left. Empty after the session ended.
     */
    default void groupsChanged(List<Group> groups) {
    }

    /** A message or notice in a group (also the recent ones a group replays on entering it). */
    default void groupMessageReceived(GroupMessage message) {
    }

    /** A group's member list changed: someone came, went, joined or left the group. */
    default void membersChanged(String group, List<GroupMember> members) {
    }
}
