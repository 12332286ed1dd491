package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.DesktopScenario.clientService;
import static org.magpie.client.service.smack.tests.DesktopScenario.rows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.Group;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.tests.DesktopClientTest.UiScript;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.osgi.framework.ServiceRegistration;

/**
 * The "done" scenario end to end against a real server: alice (friends with bob, in a
 * group with bob and carol) logs out; bob writes to her and to the group, carol too; alice logs in
 * again in the desktop client (the product's workbench under Xvfb) and sees red counts and the
 * right previews, the window title counts them, and opening bob's chat shows the whole history,
 * clears its badge and tells the server.
 */
class HistoryDesktopTest {

    @TempDir
    static Path tmp;

    private static DesktopScenario scenario;

    @BeforeAll
    static void startServer() throws Exception {
        scenario = DesktopScenario.start(tmp);
        scenario.register("alice", "Alice 爱丽丝", "bob", "Bob 鲍勃", "carol", "Carol");
    }

    @AfterAll
    static void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    private static SmackMessagingService other(String user) throws Exception {
        return scenario.other(user);
    }

    @Test
    void aliceLogsInAgainSeesCountsAndPreviewsAndOpensTheWholeHistory() throws Exception {
        // before: friends, a group, a little chat
        SmackMessagingService alice = other("alice");
        SmackMessagingService bob = other("bob");
        SmackMessagingService carol = other("carol");
        done(alice.requestFriend("bob@localhost", null));
        FriendsTest.eventually(bob::friendRequests, r -> !r.isEmpty());
        done(bob.acceptRequest("alice@localhost"));
        FriendsTest.eventually(alice::contacts, c -> c.stream().anyMatch(x -> x.account().equals("bob@localhost")
                && x.isFriend()));
        Group team = done(carol.groups().createGroup(null, "Team 团队", false));
        done(alice.groups().joinGroup(team.number()));
        done(bob.groups().joinGroup(team.number()));
        done(alice.send("bob@localhost", "Morning Bob, lunch today?"));
        // send() returns once the message is on its way: wait until it is stored, so the reply comes after it
        FriendsTest.eventually(() -> alice.history().chatHistory("bob@localhost", null, 10).join().messages().size(),
                n -> n == 1);
        done(bob.send("alice@localhost", "Morning! Maybe."));
        FriendsTest.eventually(() -> alice.history().chatHistory("bob@localhost", null, 10).join().messages().size(),
                n -> n == 2);
        alice.logout();

        // alice is away: messages wait for her
        done(bob.send("alice@localhost", "Lunch at 12?\nAt the noodle place"));
        done(bob.send("alice@localhost", "https://upload.localhost/f/1/menu.png"));
        done(carol.groups().sendToGroup(team.address(), "会议改到下午三点"));
        done(bob.groups().sendToGroup(team.address(), "好的 OK"));
        FriendsTest.eventually(() -> bob.history().inbox().join().stream()
                .anyMatch(s -> s.conversation().equals(team.address()) && "好的 OK".equals(s.lastText())), x -> x);

        MessagingService aliceService = clientService(MessagingService.class);
        HistoryService aliceHistory = clientService(HistoryService.class);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(aliceService, "alice");
        List<String> seen = new ArrayList<>();
        UiScript[] script = new UiScript[1];
        String[] state = new String[1];
        try {
            WorkbenchHarness harness = new WorkbenchHarness();
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Display display = running.shell().getDisplay();
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                InboxPresenter inbox = running.context().get(InboxPresenter.class);
                MWindow window = (MWindow) models.find(UiIds.WINDOW_MAIN, app);
                script[0] = new UiScript(display, 120_000)
                        .step("red counts from the inbox", () -> (state[0] = inbox == null ? "no inbox" : "bob "
                                + inbox.unread("bob@localhost") + ", team " + inbox.unread(team.address()) + ", rows "
                                + rows(contacts.viewer().getTable()) + rows(contacts.groups().viewer().getTable())
                                + ", tabs " + tabs(models, app)) != null
                                && inbox != null && inbox.unread("bob@localhost") == 3
                                && inbox.unread(team.address()) == 2 && contacts.viewer().getTable().getItemCount() == 1
                                && contacts.groups().viewer().getTable().getItemCount() == 1, () -> {
                                    seen.add("bob: " + inbox.badge("bob@localhost") + " " + inbox.preview("bob@localhost"));
                                    seen.add("team: " + inbox.badge(team.address()) + " " + inbox.preview(team.address()));
                                    seen.add("title: " + window.getLabel());
                                    seen.add("friends: " + rows(contacts.viewer().getTable()));
                                    seen.add("groups: " + rows(contacts.groups().viewer().getTable()));
                                    Screenshots.settle(display, 300);
                                    Screenshots.ofClient(running.shell(), "history-desktop-badges-en");
                                    Table table = contacts.viewer().getTable();
                                    table.setSelection(0);
                                    table.notifyListeners(SWT.DefaultSelection, new Event()); // a double-click
                                })
                        .step("bob's chat shows the whole history", () -> chat(models, app) != null
                                && chat(models, app).lines().contains("Morning Bob, lunch today?")
                                && chat(models, app).lines().contains("https://upload.localhost/f/1/menu.png"), () -> {
                                    List<String> lines = chat(models, app).lines();
                                    seen.add("history: " + lines.stream().filter(l -> !l.isEmpty() && !l.matches(".*  \\d\\d:\\d\\d$")).toList());
                                })
                        .step("opened: its badge goes", () -> inbox.unread("bob@localhost") == 0, () -> {
                            seen.add("title after: " + window.getLabel());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(running.shell(), "history-desktop-chat-en");
                            running.workbench().close();
                        })
                        .start();
            }, 150_000);
            assertEquals(List.of(), harness.problems(), "window probe");
            assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen + "; last: " + state[0]);
            assertEquals("bob: 3 [Image]", seen.get(0)); // her first session never read bob's answer
            assertEquals("team: 2 Bob 鲍勃: 好的 OK", seen.get(1));
            assertEquals("title: Magpie (5 unread)", seen.get(2));
            assertEquals("friends: [\u25cf Bob 鲍勃   bob@localhost]", seen.get(3));
            assertEquals("groups: [# Team 团队   " + team.number() + "]", seen.get(4));
            assertEquals("history: [Morning Bob, lunch today?, Morning! Maybe., Lunch at 12?, At the noodle place, "
                    + "https://upload.localhost/f/1/menu.png]", seen.get(5));
            assertEquals("title after: Magpie (2 unread)", seen.get(6));
            // the server was told: bob's chat is read, the group is not
            ConversationSummary read = done(aliceHistory.inbox()).stream()
                    .filter(s -> s.conversation().equals("bob@localhost")).findFirst().orElseThrow();
            assertEquals(0, read.unread());
            assertTrue(done(aliceHistory.inbox()).stream().anyMatch(s -> s.conversation().equals(team.address())
                    && s.unread() == 2));
        } finally {
            flow.unregister();
            aliceService.logout();
        }
    }

    private static ChatPart chat(EModelService models, MApplication app) {
        MPart part = ChatParts.find(models, app, "bob@localhost");
        return part != null && part.getObject() instanceof ChatPart chat ? chat : null;
    }

    private static List<String> tabs(EModelService models, MApplication app) {
        return models.findElements(app, UiIds.PARTDESCRIPTOR_CHAT, MPart.class).stream().map(MPart::getLabel).toList();
    }
}
