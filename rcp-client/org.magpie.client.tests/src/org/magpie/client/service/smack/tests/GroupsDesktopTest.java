package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.DesktopScenario.background;
import static org.magpie.client.service.smack.tests.DesktopScenario.buttonByField;
import static org.magpie.client.service.smack.tests.DesktopScenario.click;
import static org.magpie.client.service.smack.tests.DesktopScenario.clientService;
import static org.magpie.client.service.smack.tests.DesktopScenario.rows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.CreateGroupPresenter;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.tests.DesktopClientTest.UiScript;
import org.magpie.client.ui.GroupChatParts;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.groups.CreateGroupDialog;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.parts.GroupChatPart;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.osgi.framework.ServiceRegistration;

/**
 * The "done" scenario end to end against a real server: alice creates group 10001 in the
 * desktop client (the product's workbench under Xvfb); bob joins it by number and carol joins and
 * leaves again, on service instances as other computers would; alice's group chat shows the join
 * notices and bob's message with his nickname, and the member list shows online people first in
 * blue and carol offline in grey. Both log in again: the group is still theirs, and alice's
 * contacts view lists it with its recent history.
 */
class GroupsDesktopTest {

    private static final String TEAM = "10001@rooms." + MagpieServer.DOMAIN;

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

    /** Another user on another computer. */
    private static SmackMessagingService other(String user) throws Exception {
        return scenario.other(user);
    }

    @Test
    void aliceCreatesGroup10001BobJoinsByNumberEveryoneSeesTheNoticeAndTheGroupStaysAfterLoggingInAgain() throws Exception {
        MessagingService aliceService = clientService(MessagingService.class);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(aliceService, "alice");

        Display display = Display.getDefault();
        List<String> seen = new ArrayList<>();
        SmackMessagingService[] bob = new SmackMessagingService[1];
        UiScript[] script = new UiScript[2];
        try {
            WorkbenchHarness harness = new WorkbenchHarness();
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Shell window = running.shell();
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                script[0] = new UiScript(display, 150_000)
                        .step("logged in: Create is enabled", () -> contacts.groups().createButton().isEnabled(), () -> {
                            seen.add("empty: " + contacts.groups().placeholder().getText());
                            click(contacts.groups().createButton()); // modal: the next steps run in its loop
                        })
                        .step("the create dialog opens", () -> createDialog(display) != null, () -> {
                            CreateGroupDialog d = createDialog(display);
                            d.name().setText("Team 团队");
                            d.number().setText("10001");
                            click(buttonByField(d.getShell(), "creategroup.button"));
                        })
                        .step("group 10001 is created", () -> createDialog(display).outcome() == CreateGroupPresenter.Outcome.CREATED, () -> {
                            CreateGroupDialog d = createDialog(display);
                            seen.add("created: " + d.resultText());
                            Screenshots.ofClient(d.getShell(), "create-group-main-window-en");
                            d.close(); // its chat opens
                        })
                        .step("alice is in the group's chat, listed as a member",
                                () -> chat(models, app) != null && members(chat(models, app)).size() == 1, () -> {
                                    seen.add("members: " + members(chat(models, app)));
                                    background(() -> {
                                        bob[0] = other("bob");
                                        Group joined = done(bob[0].groups().joinGroup("10001"));
                                        assertEquals("Team 团队", joined.name());
                                        SmackMessagingService carol = other("carol");
                                        done(carol.groups().joinGroup("10001"));
                                        carol.logout();
                                    });
                                })
                        .step("the notices show and carol is offline again", () -> chat(models, app).lines().contains("Carol joined the group")
                                && members(chat(models, app)).size() == 3 && members(chat(models, app)).get(2).endsWith(" offline"), () -> {
                                    seen.add("members: " + members(chat(models, app)));
                                    background(() -> done(bob[0].groups().sendToGroup(TEAM, "Hello team, 大家好")));
                                })
                        .step("bob's message shows with his nickname", () -> chat(models, app).lines().contains("Hello team, 大家好"), () -> {
                            GroupChatPart chat = chat(models, app);
                            List<String> lines = chat.lines();
                            seen.add("notice: " + lines.stream().filter(l -> l.contains("joined")).toList());
                            seen.add("sender: " + lines.get(lines.indexOf("Hello team, 大家好") - 1).replaceAll("  \\d\\d:\\d\\d$", ""));
                            Table table = chat.members().viewer().getTable();
                            List<String> rows = new ArrayList<>();
                            for (TableItem item : table.getItems()) {
                                rows.add(item.getText() + " " + item.getForeground(0).getRGB());
                            }
                            seen.add("rows: " + rows);
                            seen.add("groups: " + rows(contacts.groups().viewer().getTable()));
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(window, "group-chat-main-window-en");
                            running.workbench().close();
                        })
                        .start();
            }, 180_000);
            assertEquals(List.of(), harness.problems(), "window probe");
            assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen);
            assertEquals(List.of(
                    "empty: No groups yet. Create one, or join one by its number.",
                    "created: Group Team 团队 (10001) has been created. Others join it with the number 10001.",
                    "members: [Alice 爱丽丝 online]",
                    "members: [Alice 爱丽丝 online, Bob 鲍勃 online, Carol offline]",
                    "notice: [Alice 爱丽丝 joined the group, Bob 鲍勃 joined the group, Carol joined the group]", // the owner enters first
                    "sender: Bob 鲍勃",
                    "rows: [\u25cf Alice 爱丽丝 (you)   alice@localhost \u00b7 owner RGB {31, 95, 191}, "
                            + "\u25cf Bob 鲍勃   bob@localhost RGB {31, 95, 191}, \u25cf Carol   carol@localhost RGB {128, 128, 128}]",
                    "groups: [# Team 团队   10001]"), seen);

            // both log in again: the group is still theirs
            aliceService.logout();
            bob[0].logout();
            SmackMessagingService bobAgain = other("bob");
            FriendsTest.eventually(() -> bobAgain.groups().groups(), g -> g.stream().anyMatch(x -> x.address().equals(TEAM)));
            List<String> again = new ArrayList<>();
            WorkbenchHarness second = new WorkbenchHarness();
            second.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                Display now = running.shell().getDisplay(); // the first workbench took its display along
                script[1] = new UiScript(now, 60_000)
                        .step("the group is listed again", () -> contacts.groups().viewer().getTable().getItemCount() == 1, () -> {
                            again.add("groups: " + rows(contacts.groups().viewer().getTable()));
                            Table table = contacts.groups().viewer().getTable();
                            table.setSelection(0);
                            table.notifyListeners(SWT.DefaultSelection, new Event()); // a double-click
                        })
                        .step("its chat opens with the recent history", () -> chat(models, app) != null
                                && chat(models, app).lines().contains("Hello team, 大家好"), () -> {
                                    again.add("tab: " + GroupChatParts.find(models, app, TEAM).getLabel());
                                    Screenshots.settle(now, 300);
                                    Screenshots.ofClient(running.shell(), "group-contacts-main-window-en");
                                    running.workbench().close();
                                })
                        .start();
            }, 90_000);
            second.problems().forEach(Throwable::printStackTrace);
            assertEquals(List.of(), second.problems(), "window probe");
            assertEquals(List.of(), script[1].problems(), "steps; seen: " + again);
            assertEquals(List.of("groups: [# Team 团队   10001]", "tab: Team 团队"), again);
        } finally {
            flow.unregister();
            aliceService.logout();
        }
    }

    // ------------------------------------------------------------------ helpers (UI thread)

    private static GroupChatPart chat(EModelService models, MApplication app) {
        MPart part = GroupChatParts.find(models, app, TEAM);
        return part != null && part.getObject() instanceof GroupChatPart chat ? chat : null;
    }

    /** The member list as shown, e.g. "Bob 鲍勃 online". */
    private static List<String> members(GroupChatPart chat) {
        return members(chat.members().presenter().shown());
    }

    private static List<String> members(List<GroupMember> shown) {
        return shown.stream().map(m -> m.nickname() + (m.online() ? " online" : " offline")).toList();
    }

    private static CreateGroupDialog createDialog(Display display) {
        Shell s = DesktopClientTest.dialog(display, CreateGroupDialog.class);
        return s == null ? null : (CreateGroupDialog) s.getData();
    }
}
