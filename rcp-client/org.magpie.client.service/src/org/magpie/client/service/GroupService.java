package org.magpie.client.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Groups of the account logged in through the {@link MessagingService} (the same object offers
 * both): persistent chat rooms named by a number. At login the service loads this user's groups
 * and enters each of them, so that messages flow and member lists are live. Operations return
 * futures that fail with {@link ServiceException}; nothing blocks the caller.
 *
 * @since 1.3
 */
public interface GroupService {

    /** This user's groups (owner, admin or member), in no particular order; empty while offline. */
    List<Group> groups();

    /**
     * Creates a group and enters it; this user becomes its owner. Fails with {@link
     * FailureKind#GROUP_NUMBER_TAKEN} when the number exists (it is never taken over) and {@link
     * FailureKind#INVALID_INPUT} for a number that is not digits or a missing name.
     *
     * @param number      the number wanted (digits), or null for the next free number the server hands out
     * @param name        the display name (required)
     * @param membersOnly whether only members and invited people may join
     */
    CompletableFuture<Group> createGroup(String number, String name, boolean membersOnly);

    /**
     * Joins a group by its number: this user becomes a member (kept across logins) and enters it.
     * Fails with {@link FailureKind#NO_SUCH_GROUP}, {@link FailureKind#BANNED}, {@link
     * FailureKind#MEMBERS_ONLY}, or {@link FailureKind#INVALID_INPUT} for a number that is not digits.
     */
    CompletableFuture<Group> joinGroup(String number);

    /** Leaves a group for good: no longer a member. Fails when this user is its only owner. */
    CompletableFuture<Void> leaveGroup(String group);

    /**
     * Sends a message to a group. The group sends it back to everyone, this user included: it
     * arrives through {@link GroupListener#groupMessageReceived} with {@code own} set.
     */
    CompletableFuture<Void> sendToGroup(String group, String text);

    /**
     * The group's lines received in this session, the recent ones it replayed on entering included,
     * oldest first (at most the last {@value #KEPT_MESSAGES}): what a chat opened later shows.
     */
    List<GroupMessage> messages(String group);

    /** How many lines per group {@link #messages} keeps. */
    int KEPT_MESSAGES = 500;

    /** The group's member list as known now (members and who is in the group), in no particular order. */
    List<GroupMember> members(String group);

    /** This user's nickname in the group, or null when not in it. */
    String nicknameIn(String group);

    void addGroupListener(GroupListener listener);

    void removeGroupListener(GroupListener listener);
}
