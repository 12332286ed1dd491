package org.magpie.client.model.tests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;

/**
 * A group service whose answers the test decides: each operation returns a future the test
 * completes; groups and members are what the test sets (and tells the listeners with the helpers).
 * Public for the UI tests.
 */
public final class FakeGroupService implements GroupService {

    public record Call(String operation, List<String> args, CompletableFuture<?> result) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<GroupListener> listeners = new CopyOnWriteArrayList<>();
    public volatile List<Group> groups = List.of();
    public final Map<String, List<GroupMember>> members = new ConcurrentHashMap<>();
    /** What {@link #messages} answers: the lines received before a presenter listened. */
    public final Map<String, List<GroupMessage>> lines = new ConcurrentHashMap<>();

    @Override
    public List<Group> groups() {
        return groups;
    }

    @Override
    public CompletableFuture<Group> createGroup(String number, String name, boolean membersOnly) {
        CompletableFuture<Group> f = new CompletableFuture<>();
        calls.add(new Call("createGroup", List.of(number == null ? "" : number, name, Boolean.toString(membersOnly)), f));
        return f;
    }

    @Override
    public CompletableFuture<Group> joinGroup(String number) {
        CompletableFuture<Group> f = new CompletableFuture<>();
        calls.add(new Call("joinGroup", List.of(number), f));
        return f;
    }

    @Override
    public CompletableFuture<Void> leaveGroup(String group) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        calls.add(new Call("leaveGroup", List.of(group), f));
        return f;
    }

    @Override
    public CompletableFuture<Void> sendToGroup(String group, String text) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        calls.add(new Call("sendToGroup", List.of(group, text), f));
        return f;
    }

    @Override
    public List<GroupMember> members(String group) {
        return members.getOrDefault(group, List.of());
    }

    @Override
    public List<GroupMessage> messages(String group) {
        return lines.getOrDefault(group, List.of());
    }

    @Override
    public String nicknameIn(String group) {
        return "Me";
    }

    @Override
    public void addGroupListener(GroupListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeGroupListener(GroupListener listener) {
        listeners.remove(listener);
    }

    /** Sets the groups and tells the listeners. */
    public void groups(List<Group> now) {
        groups = List.copyOf(now);
        listeners.forEach(l -> l.groupsChanged(groups));
    }

    /** Sets a group's members and tells the listeners. */
    public void members(String group, List<GroupMember> now) {
        members.put(group, List.copyOf(now));
        listeners.forEach(l -> l.membersChanged(group, List.copyOf(now)));
    }

    /** Tells the listeners a line came. */
    public void message(GroupMessage m) {
        listeners.forEach(l -> l.groupMessageReceived(m));
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    public Call last() {
        return calls.get(calls.size() - 1);
    }
}
