package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.DesktopScenario.background;
import static org.magpie.client.service.smack.tests.DesktopScenario.buttonByField;
import static org.magpie.client.service.smack.tests.DesktopScenario.click;
import static org.magpie.client.service.smack.tests.DesktopScenario.clientService;
import static org.magpie.client.service.smack.tests.DesktopScenario.closeShellsAfter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.AddFriendPresenter.Outcome;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.tests.DesktopClientTest.UiScript;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.friends.AddFriendDialog;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.osgi.framework.ServiceRegistration;

/**
 * Friends end to end against a real server: alice uses the desktop client (the product's
 * workbench, driven through its widgets under Xvfb); bob, carol, dave and erin use service
 * instances as other computers would. Bob's request, sent while alice was offline, shows when she
 * logs in, with carol's and dave's queued behind it; she accepts bob, rejects carol, leaves dave
 * for later, watches bob go offline and come back, adds erin with a greeting (and fails to add an
 * account that does not exist), and opens the chat with bob by double-click. Afterwards dave's
 * request comes again at alice's next login, and erin gets alice's.
 */
class FriendsDesktopTest {

    @TempDir
    static Path tmp;

    private static DesktopScenario scenario;

    @BeforeAll
    static void startServer() throws Exception {
        scenario = DesktopScenario.start(tmp);
        scenario.register("alice", "Alice 爱丽丝", "bob", "Bob 鲍勃", "carol", "Carol", "dave", "Dave 大卫", "erin", "Erin");
    }

    @AfterAll
    static void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    /** Another user on another computer. */
    private static SmackMessagingService other(String user) throws Exception {
        return scenario.other(user);
    }

    private static Recorder heardBy(SmackMessagingService s) {
        return scenario.heardBy(s);
    }

    @Test
    void twoUsersBecomeFriendsOthersAreRejectedOrDeferredAndPresenceIsLive() throws Exception {
        SmackMessagingService bob = other("bob");
        done(bob.requestFriend("alice@localhost", "Hi Alice, it's Bob from accounting.")); // alice is offline

        MessagingService aliceService = clientService(MessagingService.class);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(aliceService, "alice");

        Display display = Display.getDefault();
        List<String> seen = new ArrayList<>();
        SmackMessagingService[] carolDave = new SmackMessagingService[2];
        SmackMessagingService[] bobAgain = new SmackMessagingService[1];
        UiScript[] script = new UiScript[1];
        WorkbenchHarness harness = new WorkbenchHarness();
        closeShellsAfter(display, 240_000);
        try {
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Shell window = running.shell();
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                script[0] = new UiScript(display, 180_000)
                        .step("bob's request, sent while alice was offline, shows", () -> contacts.requestBar().isShowing(), () -> {
                            seen.add("request: " + contacts.requestBar().text().getText() + " " + contacts.requestBar().greeting().getText());
                            background(() -> {
                                carolDave[0] = other("carol");
                                done(carolDave[0].requestFriend("alice@localhost", null));
                                carolDave[1] = other("dave");
                                done(carolDave[1].requestFriend("alice@localhost", "同事 Dave"));
                            });
                        })
                        .step("carol's and dave's queue up behind it", () -> contacts.requestBar().queue().getText().equals("Request 1 of 3"), () -> {
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(window, "friend-request-main-window-en");
                            click(contacts.requestBar().accept());
                        })
                        .step("bob is a friend, online, in blue", () -> row(contacts, "Bob 鲍勃") != null
                                && online(contacts, "bob@localhost") && friends(contacts, "bob@localhost"), () -> {
                            seen.add("bob: " + row(contacts, "Bob 鲍勃").getText() + " " + row(contacts, "Bob 鲍勃").getForeground(0).getRGB());
                            seen.add("next: " + contacts.requestBar().text().getText());
                            click(contacts.requestBar().reject());
                        })
                        .step("dave's is next", () -> contacts.requestBar().text().getText().startsWith("Dave 大卫"), () -> {
                            seen.add("next: " + contacts.requestBar().text().getText() + " " + contacts.requestBar().greeting().getText());
                            click(contacts.requestBar().later());
                        })
                        .step("no request left in this session", () -> !contacts.requestBar().isShowing(), () -> {
                            seen.add("rows: " + rows(contacts));
                            background(() -> bob.logout());
                        })
                        .step("bob goes offline: grey", () -> !online(contacts, "bob@localhost"), () -> {
                            seen.add("bob offline: " + row(contacts, "Bob 鲍勃").getForeground(0).getRGB());
                            background(() -> bobAgain[0] = other("bob"));
                        })
                        .step("bob is back: blue", () -> online(contacts, "bob@localhost"), () -> {
                            seen.add("bob online: " + row(contacts, "Bob 鲍勃").getForeground(0).getRGB());
                            click(contacts.addFriendButton()); // a modal dialog: the next steps run in its loop
                        })
                        .step("the add-friend dialog opens", () -> addFriendDialog(display) != null, () -> {
                            AddFriendDialog d = addFriendDialog(display);
                            d.account().setText("nobody");
                            click(send(d));
                        })
                        .step("no such account", () -> addFriendDialog(display).outcome() == Outcome.NO_SUCH_ACCOUNT, () -> {
                            AddFriendDialog d = addFriendDialog(display);
                            seen.add("nobody: " + d.resultText());
                            d.account().setText("erin");
                            d.greeting().setText("Hi Erin, 我是 Alice。");
                            click(send(d));
                        })
                        .step("sent to erin", () -> addFriendDialog(display).outcome() == Outcome.SENT, () -> {
                            AddFriendDialog d = addFriendDialog(display);
                            seen.add("erin: " + d.resultText());
                            Screenshots.ofClient(d.getShell(), "add-friend-main-window-en");
                            d.account().setText("bob");
                            click(send(d));
                        })
                        .step("bob is a friend already", () -> addFriendDialog(display).outcome() == Outcome.ALREADY_FRIENDS, () -> {
                            AddFriendDialog d = addFriendDialog(display);
                            seen.add("bob again: " + d.resultText());
                            d.close();
                        })
                        .step("erin shows as asked", () -> addFriendDialog(display) == null && row(contacts, "Erin") != null, () -> {
                            seen.add("erin row: " + row(contacts, "Erin").getText());
                            Table table = contacts.viewer().getTable();
                            table.setSelection(table.indexOf(row(contacts, "Bob 鲍勃")));
                            table.notifyListeners(SWT.DefaultSelection, new Event()); // a double-click
                        })
                        .step("the chat with bob opens", () -> ChatParts.find(models, app, "bob@localhost") != null, () -> {
                            seen.add("chat tab: " + ChatParts.find(models, app, "bob@localhost").getLabel());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(window, "contacts-main-window-en");
                            running.workbench().close();
                        })
                        .start();
            }, 200_000);
        } finally {
            flow.unregister();
        }
        assertEquals(List.of(), harness.problems(), "window probe");
        assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen);
        assertEquals(List.of(
                "request: Bob 鲍勃 (bob@localhost) wants to add you as a friend. \u201cHi Alice, it's Bob from accounting.\u201d",
                "bob: \u25cf Bob 鲍勃   bob@localhost RGB {31, 95, 191}",
                "next: Carol (carol@localhost) wants to add you as a friend.",
                "next: Dave 大卫 (dave@localhost) wants to add you as a friend. \u201c同事 Dave\u201d",
                "rows: [Bob 鲍勃]",
                "bob offline: RGB {128, 128, 128}",
                "bob online: RGB {31, 95, 191}",
                "nobody: There is no account nobody@localhost. Check the account name.",
                "erin: Friend request sent to erin@localhost. They will see it the next time they are online, if they are not now.",
                "bob again: Bob 鲍勃 (bob@localhost) is already your friend.",
                "erin row: \u25cf Erin   erin@localhost \u00b7 request sent",
                "chat tab: Bob 鲍勃"), seen);

        // the other side of each answer
        SmackMessagingService carol = carolDave[0];
        FriendsTest.eventually(() -> find(carol.contacts(), "alice@localhost"),
                c -> c != null && c.subscription() == Subscription.NONE && !c.requestPending());
        Contact atBob = FriendsTest.eventually(() -> find(bobAgain[0].contacts(), "alice@localhost"),
                c -> c != null && c.subscription() == Subscription.BOTH && c.online());
        assertEquals("Alice 爱丽丝", atBob.nickname());

        // alice logs out: bob sees it; "later" brings dave's request again at her next login
        aliceService.logout();
        heardBy(bobAgain[0]).awaitContactChange(c -> c.account().equals("alice@localhost") && !c.online(), WAIT);
        SmackMessagingService aliceElsewhere = other("alice");
        FriendRequest again = heardBy(aliceElsewhere).awaitRequest(WAIT);
        assertEquals(new FriendRequest("dave@localhost", "Dave 大卫", "同事 Dave"), again);
        Thread.sleep(500);
        assertEquals(List.of(again), aliceElsewhere.friendRequests(), "only dave's: bob's accepted, carol's rejected");

        // erin gets alice's request when she logs in
        SmackMessagingService erin = other("erin");
        assertEquals(new FriendRequest("alice@localhost", "Alice 爱丽丝", "Hi Erin, 我是 Alice。"), heardBy(erin).awaitRequest(WAIT));
        assertTrue(heardBy(carol).requests.isEmpty());
    }

    // ------------------------------------------------------------------ helpers (UI thread)

    private static Contact find(List<Contact> contacts, String account) {
        return contacts.stream().filter(c -> c.account().equals(account)).findFirst().orElse(null);
    }

    /** Whether the contact is shown and online (false while not shown). */
    private static boolean online(ContactsPart part, String account) {
        Contact c = find(part.presenter().shown(), account);
        return c != null && c.online();
    }

    private static boolean friends(ContactsPart part, String account) {
        Contact c = find(part.presenter().shown(), account);
        return c != null && c.subscription() == Subscription.BOTH;
    }

    private static Button send(AddFriendDialog dialog) {
        return buttonByField(dialog.getShell(), "addfriend.send");
    }

    private static TableItem row(ContactsPart part, String nickname) {
        for (TableItem item : part.viewer().getTable().getItems()) {
            if (item.getText().startsWith("\u25cf " + nickname + " ")) {
                return item;
            }
        }
        return null;
    }

    private static List<String> rows(ContactsPart part) {
        return part.presenter().shown().stream().map(Contact::nickname).toList();
    }

    private static AddFriendDialog addFriendDialog(Display display) {
        Shell s = DesktopClientTest.dialog(display, AddFriendDialog.class);
        return s == null ? null : (AddFriendDialog) s.getData();
    }
}
