package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.CreateGroupPresenter;
import org.magpie.client.model.GroupMembersPresenter;
import org.magpie.client.model.GroupMembersPresenter.Activation;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.JoinGroupPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupMessage.Kind;
import org.magpie.client.service.ServiceException;

/** The groups list and chats, the create and join dialogs and the member list, without a display. */
class GroupsPresentersTest {

    private static final String TEAM = "10001@rooms.localhost";

    private final FakeGroupService groups = new FakeGroupService();
    private final FakeMessagingService messaging = new FakeMessagingService();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void online() {
        messaging.account = "alice@localhost";
        messaging.state = ConnectionState.ONLINE;
    }

    static Group group(String number, String name) {
        return new Group(number + "@rooms.localhost", number, name, null, false, Affiliation.MEMBER);
    }

    static GroupMember member(String account, String nickname, boolean online) {
        return new GroupMember(TEAM, account, nickname, Affiliation.MEMBER, online);
    }

    static GroupMessage line(String nick, String text, boolean history) {
        return new GroupMessage(TEAM, nick.toLowerCase(Locale.ROOT) + "@localhost", nick, text, Instant.now(), false,
                Kind.MESSAGE, history);
    }

    // ================================================================== create

    private CreateGroupPresenter create(Locale locale) {
        return new CreateGroupPresenter(groups, new Texts(locale), Runnable::run, new CreateGroupPresenter.View() {
            @Override
            public void busy(boolean busy) {
                events.add("busy " + busy);
            }

            @Override
            public void result(CreateGroupPresenter.Outcome outcome, String text, Group group) {
                events.add(outcome + " " + text + (group == null ? "" : " " + group.address()));
            }
        });
    }

    @Test
    void createChecksNumberAndNameAndSaysHowItWent() {
        CreateGroupPresenter p = create(Locale.ENGLISH);
        p.submit("10a01", "Team", false);
        p.submit("0123", "Team", false);
        p.submit("10001", "  ", false);
        p.submit("", "x".repeat(101), false);
        assertEquals(List.of(
                "INVALID A group number has digits only, e.g. 10001.",
                "INVALID A group number has digits only, e.g. 10001.",
                "INVALID Enter a name for the group.",
                "INVALID A group name may have at most 100 characters."), events);
        assertEquals(List.of(), groups.calls, "nothing asked");
        events.clear();

        p.submit(" 10001 ", " Team 团队 ", true);
        assertEquals(List.of("10001", "Team 团队", "true"), groups.last().args());
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.GROUP_NUMBER_TAKEN, "taken"));
        p.submit("", "Team 团队", false);
        assertEquals(List.of("", "Team 团队", "false"), groups.last().args(), "no number: the server picks one");
        ((java.util.concurrent.CompletableFuture<Group>) groups.last().result()).complete(
                new Group("10002@rooms.localhost", "10002", "Team 团队", null, false, Affiliation.OWNER));
        p.submit("", "Again", false);
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals(List.of("busy true", "busy false",
                "NUMBER_TAKEN The group number 10001 is taken. Choose another one, or leave the number empty to get a free one.",
                "busy true", "busy false",
                "CREATED Group Team 团队 (10002) has been created. Others join it with the number 10002. 10002@rooms.localhost",
                "busy true", "busy false",
                "FAILED The group was not created: The server cannot be reached. Check your network."), events);
    }

    @Test
    void createInChinese() {
        CreateGroupPresenter p = create(Locale.SIMPLIFIED_CHINESE);
        p.submit("abc", "团队", false);
        p.submit("10001", "团队", false);
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.GROUP_NUMBER_TAKEN, null));
        assertEquals(List.of("INVALID 群号只能是数字，例如 10001。", "busy true", "busy false",
                "NUMBER_TAKEN 群号 10001 已被占用。请换一个，或不填群号由服务器分配。"), events);
    }

    // ================================================================== join

    private JoinGroupPresenter join(Locale locale) {
        return new JoinGroupPresenter(groups, new Texts(locale), Runnable::run, new JoinGroupPresenter.View() {
            @Override
            public void busy(boolean busy) {
            }

            @Override
            public void result(JoinGroupPresenter.Outcome outcome, String text, Group group) {
                events.add(outcome + " " + text);
            }
        });
    }

    @Test
    void joinSaysNoSuchGroupBannedMembersOnlyOrJoined() {
        groups.groups = List.of(group("10001", "Team"));
        JoinGroupPresenter p = join(Locale.ENGLISH);
        p.submit(" ");
        p.submit("12 34");
        p.submit("10001");
        assertEquals(List.of(), groups.calls);
        for (FailureKind kind : List.of(FailureKind.NO_SUCH_GROUP, FailureKind.BANNED, FailureKind.MEMBERS_ONLY,
                FailureKind.TIMEOUT)) {
            p.submit("20002");
            groups.last().result().completeExceptionally(new ServiceException(kind, null));
        }
        p.submit("20003");
        ((java.util.concurrent.CompletableFuture<Group>) groups.last().result()).complete(group("20003", "Lunch 午饭"));
        assertEquals(List.of(
                "INVALID Enter the number of the group.",
                "INVALID A group number has digits only, e.g. 10001.",
                "ALREADY_MEMBER You are a member of Team (10001) already.",
                "NO_SUCH_GROUP There is no group with the number 20002. Check the number.",
                "BANNED You are banned from the group 20002.",
                "MEMBERS_ONLY Group 20002 lets in only its members. Ask a member to invite you.",
                "FAILED Could not join the group: The server did not answer in time. Please try again.",
                "JOINED You joined the group Lunch 午饭 (20003)."), events);
    }

    @Test
    void joinInChinese() {
        JoinGroupPresenter p = join(Locale.SIMPLIFIED_CHINESE);
        p.submit("30003");
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.NO_SUCH_GROUP, null));
        p.submit("30004");
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.MEMBERS_ONLY, null));
        assertEquals(List.of("NO_SUCH_GROUP 没有群号为 30003 的群，请检查群号。",
                "MEMBERS_ONLY 群 30004 只允许成员加入，请让群成员邀请您。"), events);
    }

    // ================================================================== groups list and chats

    private GroupsPresenter groupsPresenter(Locale locale) {
        GroupsPresenter p = new GroupsPresenter(groups, new Texts(locale), Runnable::run, new GroupsPresenter.View() {
            @Override
            public void showGroupChat(Group group, boolean toFront) {
                events.add("tab " + group.name() + (toFront ? " front" : ""));
            }

            @Override
            public void append(GroupMessage message) {
                events.add("append " + message.text());
            }

            @Override
            public void unread(String group, int count) {
                events.add("unread " + group + " " + count);
            }

            @Override
            public void closeGroupChat(String group) {
                events.add("close " + group);
            }

            @Override
            public void sendFailed(String group, String text) {
                events.add("failed " + text);
            }
        });
        p.start();
        p.addListView(shown -> events.add("list " + shown.stream().map(Group::name).toList()));
        return p;
    }

    @Test
    void groupsAreListedByNameAndCountUnreadLiveLinesButNotHistory() {
        groups.groups = List.of(group("10003", "张三的群"), group("10001", "Team"), group("10002", "阿明的群"),
                group("10004", "design"));
        GroupsPresenter p = groupsPresenter(Locale.ENGLISH);
        assertEquals(List.of("list [design, Team, 阿明的群, 张三的群]"), events);
        assertEquals("Team \u00b7 10001", p.label(p.group(TEAM)));
        events.clear();

        groups.message(line("Bob", "earlier", true));
        groups.message(line("Bob", "hello", false));
        assertEquals(List.of("unread " + TEAM + " 1", "list [design, Team, 阿明的群, 张三的群]"), events);
        assertEquals(1, p.unread(TEAM));
        events.clear();

        p.open(p.group(TEAM));
        p.activated(TEAM);
        assertEquals(List.of("earlier", "hello"), p.messages(TEAM).stream().map(GroupMessage::text).toList());
        groups.message(line("Carol", "hi", false));
        assertEquals(List.of("tab Team front", "unread " + TEAM + " 0", "list [design, Team, 阿明的群, 张三的群]",
                "append hi"), events);
        assertEquals(0, p.unread(TEAM), "the tab in front: read");
        events.clear();

        // sending; a failure is told in the tab
        p.send(TEAM, "  ");
        p.send(TEAM, " to all ");
        assertEquals(List.of(TEAM, "to all"), groups.last().args());
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals(List.of("failed Could not send to the group: The server cannot be reached. Check your network."), events);
        events.clear();

        // left the group (or logged out): its tab goes
        groups.groups(List.of(group("10002", "阿明的群")));
        assertEquals(List.of("close " + TEAM, "list [阿明的群]"), events);
        assertEquals(List.of(), p.messages(TEAM));
    }

    @Test
    void linesThatCameBeforeThePresenterListenedAreKeptOnce() {
        groups.groups = List.of(group("10001", "Team"));
        GroupMessage replayed = line("Bob", "from before the login", true);
        groups.lines.put(TEAM, List.of(replayed));
        GroupsPresenter p = groupsPresenter(Locale.ENGLISH);
        assertEquals(List.of(replayed), p.messages(TEAM));
        groups.message(replayed); // the event of the same line, still on its way when the presenter started
        groups.message(line("Bob", "new", false));
        assertEquals(List.of("from before the login", "new"), p.messages(TEAM).stream().map(GroupMessage::text).toList());
        assertEquals(1, p.unread(TEAM));
    }

    @Test
    void noticesAreLocalised() {
        GroupMessage joined = new GroupMessage(TEAM, "bob@localhost", "Bob 鲍勃", "Bob 鲍勃 joined the group", Instant.now(),
                false, Kind.JOINED, false);
        GroupMessage left = new GroupMessage(TEAM, "bob@localhost", "Bob 鲍勃", "Bob 鲍勃 left the group", Instant.now(),
                false, Kind.LEFT, false);
        GroupsPresenter en = groupsPresenter(Locale.ENGLISH);
        GroupsPresenter zh = groupsPresenter(Locale.SIMPLIFIED_CHINESE);
        assertEquals("Bob 鲍勃 joined the group", en.noticeText(joined));
        assertEquals("Bob 鲍勃 left the group", en.noticeText(left));
        assertEquals("Bob 鲍勃 加入了群", zh.noticeText(joined));
        assertEquals("Bob 鲍勃 退出了群", zh.noticeText(left));
        assertEquals("hello", zh.noticeText(line("Bob", "hello", false)));
    }

    // ================================================================== members

    private GroupMembersPresenter members(Locale locale) {
        GroupMembersPresenter p = new GroupMembersPresenter(TEAM, groups, messaging, new Texts(locale), Runnable::run,
                new GroupMembersPresenter.View() {
                    @Override
                    public void show(List<GroupMember> shown, String title) {
                        events.add(title + " " + shown.stream().map(GroupMember::nickname).toList());
                    }

                    @Override
                    public void chat(String account, String nickname) {
                        events.add("chat " + account + " " + nickname);
                    }

                    @Override
                    public void requestResult(boolean sent, String text) {
                        events.add((sent ? "sent " : "not sent ") + text);
                    }
                });
        p.start();
        return p;
    }

    @Test
    void membersOnlineFirstThenByNicknameInPinyinOrderLive() {
        groups.members.put(TEAM, List.of(member("zhang@localhost", "张三", false), member("li@localhost", "李四", true),
                member("bob@localhost", "bob", false), new GroupMember(TEAM, "alice@localhost", "Alice", Affiliation.OWNER, true),
                member("wang@localhost", "王五", true), member("ming@localhost", "阿明", false), member("zoe@localhost", "Zoe", true)));
        GroupMembersPresenter p = members(Locale.ENGLISH);
        assertEquals(List.of("Members (4 of 7 online) [Alice, Zoe, 李四, 王五, bob, 阿明, 张三]"), events);
        assertEquals("alice@localhost \u00b7 owner", p.detail(p.shown().get(0)));
        assertEquals("Alice (you)", p.name(p.shown().get(0)));
        assertEquals("zoe@localhost", p.detail(p.shown().get(1)));
        events.clear();

        // 张三 comes, Zoe goes; another group's change does not matter
        List<GroupMember> now = new ArrayList<>(groups.members(TEAM));
        now.replaceAll(m -> m.account().equals("zhang@localhost") ? member("zhang@localhost", "张三", true)
                : m.account().equals("zoe@localhost") ? member("zoe@localhost", "Zoe", false) : m);
        groups.members(TEAM, now);
        groups.members("10002@rooms.localhost", List.of());
        assertEquals(List.of("Members (4 of 7 online) [Alice, 李四, 王五, 张三, bob, Zoe, 阿明]"), events);

        GroupMembersPresenter zh = members(Locale.SIMPLIFIED_CHINESE);
        assertEquals("群成员（4/7 在线） [Alice, 李四, 王五, 张三, bob, Zoe, 阿明]", events.get(events.size() - 1));
        assertEquals("alice@localhost \u00b7 群主", zh.detail(zh.shown().get(0)));
        assertEquals("Alice（我）", zh.name(zh.shown().get(0)));
    }

    @Test
    void openingAMemberChatsWithAFriendOrOffersAFriendRequest() {
        messaging.contacts = List.of(new Contact("bob@localhost", "Bob", true, null, Subscription.BOTH, false),
                new Contact("carol@localhost", "Carol", false, null, Subscription.NONE, true));
        GroupMembersPresenter p = members(Locale.ENGLISH);
        events.clear();
        assertEquals(Activation.NONE, p.activate(member("alice@localhost", "Alice", true)), "oneself");
        assertEquals(Activation.NONE, p.activate(null));
        assertEquals(Activation.CHAT, p.activate(member("bob@localhost", "Bob 鲍勃", true)));
        assertEquals(List.of("chat bob@localhost Bob 鲍勃"), events);

        GroupMember carol = member("carol@localhost", "Carol", false);
        assertEquals(Activation.OFFER_REQUEST, p.activate(carol), "asked but not a friend yet");
        assertEquals("Carol (carol@localhost) is not your friend yet. Send a friend request?", p.requestQuestion(carol));
        p.requestFriend(carol);
        assertEquals(List.of("carol@localhost", ""), messaging.last().args());
        assertEquals("requestFriend", messaging.last().operation());
        messaging.last().result().complete(null);
        p.requestFriend(carol);
        messaging.last().result().completeExceptionally(new ServiceException(FailureKind.ALREADY_FRIENDS, null));
        assertEquals(List.of("chat bob@localhost Bob 鲍勃", "sent Friend request sent to Carol.",
                "not sent The friend request was not sent: You are friends already."), events);
    }
}
