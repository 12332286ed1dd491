package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * The running client's {@link GroupService} (OSGI-INF/org.magpie.client.service.smack.groups.xml):
 * the groups of the session of this bundle's {@link MessagingService} component, injected by DS.
 */
public final class GroupsComponent implements GroupService {

    private final GroupService delegate;

    public GroupsComponent(MessagingService messaging) {
        this.delegate = ((SmackMessagingService) messaging).groups();
    }

    @Override
    public List<Group> groups() {
        return delegate.groups();
    }

    @Override
    public CompletableFuture<Group> createGroup(String number, String name, boolean membersOnly) {
        return delegate.createGroup(number, name, membersOnly);
    }

    @Override
    public CompletableFuture<Group> joinGroup(String number) {
        return delegate.joinGroup(number);
    }

    @Override
    public CompletableFuture<Void> leaveGroup(String group) {
        return delegate.leaveGroup(group);
    }

    @Override
    public CompletableFuture<Void> sendToGroup(String group, String text) {
        return delegate.sendToGroup(group, text);
    }

    @Override
    public List<GroupMember> members(String group) {
        return delegate.members(group);
    }

    @Override
    public List<GroupMessage> messages(String group) {
        return delegate.messages(group);
    }

    @Override
    public String nicknameIn(String group) {
        return delegate.nicknameIn(group);
    }

    @Override
    public void addGroupListener(GroupListener listener) {
        delegate.addGroupListener(listener);
    }

    @Override
    public void removeGroupListener(GroupListener listener) {
        delegate.removeGroupListener(listener);
    }
}
