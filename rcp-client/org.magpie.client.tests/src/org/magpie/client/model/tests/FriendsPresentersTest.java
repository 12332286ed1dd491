package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.AddFriendPresenter;
import org.magpie.client.model.AddFriendPresenter.Outcome;
import org.magpie.client.model.ContactsPresenter;
import org.magpie.client.model.FriendRequestsPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;

/** The contacts list, the add-friend dialog and the friend-request notification without a display. */
class FriendsPresentersTest {

    private final FakeMessagingService service = new FakeMessagingService();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void online() {
        service.account = "alice@localhost";
        service.state = ConnectionState.ONLINE;
    }

    static Contact friend(String account, String nickname, boolean online) {
        return new Contact(account, nickname, online, null, Subscription.BOTH, false);
    }

    // ================================================================== contacts

    private ContactsPresenter contacts() {
        ContactsPresenter p = new ContactsPresenter(service, new Texts(Locale.ENGLISH), Runnable::run,
                new ContactsPresenter.View() {
                    @Override
                    public void show(List<Contact> shown) {
                        events.add("show " + shown.stream().map(Contact::nickname).toList());
                    }

                    @Override
                    public void error(String text) {
                        events.add("error " + text);
                    }
                });
        p.start();
        return p;
    }

    @Test
    void onlineFirstThenByNicknameInPinyinOrderAndLatinIgnoringCase() {
        service.contacts = List.of(
                friend("zhang@localhost", "张三", false),
                friend("li@localhost", "李四", true),
                friend("bob@localhost", "bob", false),
                friend("al@localhost", "Alice", false),
                friend("wang@localhost", "王五", true),
                friend("ming@localhost", "阿明", false),
                friend("zoe@localhost", "Zoe", true));
        ContactsPresenter p = contacts();
        assertEquals(List.of("show [Zoe, 李四, 王五, Alice, bob, 阿明, 张三]"), events);
        assertEquals("zoe@localhost", p.shown().get(0).account());
    }

    @Test
    void presenceChangesReorderLiveAndRefusedContactsDoNotShow() {
        service.contacts = List.of(friend("bob@localhost", "Bob", false), friend("carol@localhost", "Carol", true),
                new Contact("dave@localhost", "Dave", false, null, Subscription.NONE, true),
                new Contact("erin@localhost", "Erin", false, null, Subscription.NONE, false));
        ContactsPresenter p = contacts();
        assertEquals("show [Carol, Bob, Dave]", events.get(0), "asked (Dave) shows, refused (Erin) does not");

        service.listeners.forEach(l -> l.contactChanged(friend("bob@localhost", "Bob", true).withPresence(true, "在开会")));
        assertEquals("show [Bob, Carol, Dave]", events.get(1));
        assertEquals("bob@localhost · 在开会", p.detail(p.shown().get(0)));
        assertEquals("dave@localhost · request sent", p.detail(p.shown().get(2)));
        assertEquals("carol@localhost", p.detail(p.shown().get(1)));

        service.listeners.forEach(l -> l.contactChanged(friend("zed@localhost", "Zed", true)));
        assertEquals(2, events.size(), "a contact not on the list changes nothing");

        service.contacts(List.of());
        assertEquals("show []", events.get(2), "logged out: an empty list");
    }

    @Test
    void filterMatchesNicknameOrAccountInAnyCase() {
        service.contacts = List.of(friend("bob@localhost", "Bob 鲍勃", true), friend("carol@localhost", "Carol", false),
                friend("xiaoming@localhost", "小明", false));
        ContactsPresenter p = contacts();
        p.filter("BO");
        p.filter("鲍");
        p.filter("xiao");
        p.filter("localhost");
        p.filter("nobody");
        p.filter("  ");
        assertEquals(List.of("show [Bob 鲍勃, Carol, 小明]", "show [Bob 鲍勃]", "show [Bob 鲍勃]", "show [小明]",
                "show [Bob 鲍勃, Carol, 小明]", "show []", "show [Bob 鲍勃, Carol, 小明]"), events);

        // the filter stays while the list changes
        p.filter("car");
        service.contacts(List.of(friend("carol@localhost", "Carol", true), friend("carl@localhost", "Carl", false)));
        assertEquals("show [Carol, Carl]", events.get(events.size() - 1));
    }

    @Test
    void removingAFriendAsksFirstAndReportsAFailure() {
        service.contacts = List.of(friend("bob@localhost", "Bob", true));
        ContactsPresenter p = contacts();
        Contact bob = p.shown().get(0);
        assertEquals("Remove Bob (bob@localhost) from your friends? Neither of you will see the other online any more.",
                p.removeQuestion(bob));
        p.remove(bob);
        assertEquals(List.of("bob@localhost"), service.last().args());
        service.last().result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals("error Could not remove Bob: The server cannot be reached. Check your network.",
                events.get(events.size() - 1));

        Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);
        ContactsPresenter chinese = new ContactsPresenter(service, zh, Runnable::run, new ContactsPresenter.View() {
            @Override
            public void show(List<Contact> shown) {
            }

            @Override
            public void error(String text) {
            }
        });
        assertEquals("要将 Bob（bob@localhost）从好友中删除吗？删除后双方都将看不到对方是否在线。", chinese.removeQuestion(bob));
    }

    // ================================================================== add friend

    private AddFriendPresenter addFriend(Locale locale) {
        return new AddFriendPresenter(service, new Texts(locale), Runnable::run, new AddFriendPresenter.View() {
            @Override
            public void busy(boolean busy) {
                events.add("busy " + busy);
            }

            @Override
            public void result(Outcome outcome, String text) {
                events.add(outcome + " " + text);
            }
        });
    }

    @Test
    void addFriendChecksWhatWasTypedBeforeAskingTheServer() {
        service.contacts = List.of(friend("bob@localhost", "Bob", false),
                new Contact("dave@localhost", "Dave", false, null, Subscription.NONE, true));
        AddFriendPresenter p = addFriend(Locale.ENGLISH);
        p.submit("  ", "hi");
        p.submit("a b", null);
        p.submit("bob@", null);
        p.submit("alice", null);
        p.submit("Alice@localhost", null);
        p.submit("bob", null);
        assertEquals(List.of("INVALID Account is required.",
                "INVALID An account name may not contain spaces or any of \" & ' / : < > @",
                "INVALID An account name may not contain spaces or any of \" & ' / : < > @",
                "INVALID You cannot add yourself as a friend.",
                "INVALID You cannot add yourself as a friend.",
                "ALREADY_FRIENDS Bob (bob@localhost) is already your friend."), events);
        assertEquals(List.of(), service.calls("requestFriend"), "nothing sent");

        // asked before and not answered: asking again is fine
        p.submit("dave", "  ");
        assertEquals(List.of("dave@localhost", ""), service.last().args(), "own domain added, blank greeting dropped");
    }

    @Test
    void addFriendSaysHowItWent() {
        AddFriendPresenter p = addFriend(Locale.ENGLISH);
        p.submit(" Carol ", " 你好，我是 Alice ");
        assertEquals(List.of("carol@localhost", "你好，我是 Alice"), service.last().args());
        service.last().result().complete(null);

        p.submit("nobody", null);
        service.last().result().completeExceptionally(
                new ServiceException(FailureKind.NO_SUCH_ACCOUNT, "There is no account nobody@localhost: check the account name."));
        p.submit("dan@localhost", null);
        service.last().result().completeExceptionally(new ServiceException(FailureKind.ALREADY_FRIENDS, null));
        p.submit("erin", null);
        service.last().result().completeExceptionally(new ServiceException(FailureKind.TIMEOUT, null));

        assertEquals(List.of("busy true", "busy false",
                "SENT Friend request sent to carol@localhost. They will see it the next time they are online, if they are not now.",
                "busy true", "busy false", "NO_SUCH_ACCOUNT There is no account nobody@localhost. Check the account name.",
                "busy true", "busy false", "ALREADY_FRIENDS dan (dan@localhost) is already your friend.",
                "busy true", "busy false",
                "FAILED The friend request was not sent: The server did not answer in time. Please try again."), events);
    }

    @Test
    void addFriendInChinese() {
        AddFriendPresenter p = addFriend(Locale.SIMPLIFIED_CHINESE);
        p.submit("", null);
        p.submit("nobody", null);
        service.last().result().completeExceptionally(new ServiceException(FailureKind.NO_SUCH_ACCOUNT, null));
        assertEquals(List.of("INVALID 请填写账号。", "busy true", "busy false", "NO_SUCH_ACCOUNT 账号 nobody@localhost 不存在，请检查账号名。"),
                events);
    }

    // ================================================================== friend requests

    private FriendRequestsPresenter requests(Locale locale) {
        FriendRequestsPresenter p = new FriendRequestsPresenter(service, new Texts(locale), Runnable::run,
                new FriendRequestsPresenter.View() {
                    @Override
                    public void showRequest(FriendRequest request, String text, String greeting, String queue) {
                        events.add(text + (greeting == null ? "" : " \"" + greeting + "\"") + (queue == null ? "" : " [" + queue + "]"));
                    }

                    @Override
                    public void hideRequests() {
                        events.add("hide");
                    }

                    @Override
                    public void error(String text) {
                        events.add("error " + text);
                    }
                });
        p.start();
        return p;
    }

    @Test
    void requestsQueueUpOneEntryPerRequesterAndAreAnsweredInTurn() {
        service.requests = List.of(new FriendRequest("bob@localhost", "Bob", "Hi!")); // came at login, before the window
        FriendRequestsPresenter p = requests(Locale.ENGLISH);
        service.request(new FriendRequest("carol@localhost", "Carol", null));
        service.request(new FriendRequest("dave@localhost", "Dave 大卫", "同事"));
        service.request(new FriendRequest("bob@localhost", "Bob", "Hi again!")); // the same requester: one entry
        assertEquals(3, p.queue().size());

        p.accept();
        assertEquals(List.of("bob@localhost"), service.last().args());
        assertEquals("acceptRequest", service.last().operation());
        service.last().result().complete(null);
        p.reject();
        assertEquals("rejectRequest", service.last().operation());
        assertEquals(List.of("carol@localhost"), service.last().args());
        service.last().result().complete(null);
        p.later();
        assertEquals(2, service.calls.size(), "later does not answer");
        p.accept(); // nothing left: nothing happens

        assertEquals(List.of("Bob (bob@localhost) wants to add you as a friend. \"Hi!\"",
                "Bob (bob@localhost) wants to add you as a friend. \"Hi!\" [Request 1 of 2]",
                "Bob (bob@localhost) wants to add you as a friend. \"Hi!\" [Request 1 of 3]",
                "Bob (bob@localhost) wants to add you as a friend. \"Hi again!\" [Request 1 of 3]",
                "Carol (carol@localhost) wants to add you as a friend. [Request 1 of 2]",
                "Dave 大卫 (dave@localhost) wants to add you as a friend. \"同事\"",
                "hide"), events);
        assertEquals(List.of(), p.queue());
    }

    @Test
    void aFailedAnswerPutsTheRequestBackInFront() {
        FriendRequestsPresenter p = requests(Locale.ENGLISH);
        service.request(new FriendRequest("bob@localhost", "Bob", null));
        service.request(new FriendRequest("carol@localhost", "Carol", null));
        p.accept();
        service.last().result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals(List.of("bob@localhost", "carol@localhost"), p.queue().stream().map(FriendRequest::from).toList());
        assertEquals("error Could not answer Bob's request: The server cannot be reached. Check your network.",
                events.get(events.size() - 1));
    }

    @Test
    void requestsAnsweredElsewhereOrFromAnEndedSessionGo() {
        FriendRequestsPresenter p = requests(Locale.SIMPLIFIED_CHINESE);
        service.request(new FriendRequest("bob@localhost", "鲍勃", "你好"));
        service.request(new FriendRequest("carol@localhost", "Carol", null));
        assertEquals("鲍勃（bob@localhost）请求添加您为好友。 \"你好\" [第 1 个，共 2 个请求]", events.get(events.size() - 1));

        service.contacts(List.of(new Contact("bob@localhost", "鲍勃", true, null, Subscription.FROM, true)));
        assertEquals(List.of("carol@localhost"), p.queue().stream().map(FriendRequest::from).toList());

        service.listeners.forEach(l -> l.sessionEnded(SessionEnd.LOGGED_OUT));
        assertEquals(List.of(), p.queue());
        assertEquals("hide", events.get(events.size() - 1));
    }
}
