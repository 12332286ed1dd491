package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.DesktopScenario.background;
import static org.magpie.client.service.smack.tests.DesktopScenario.click;
import static org.magpie.client.service.smack.tests.DesktopScenario.clientService;
import static org.magpie.client.service.smack.tests.DesktopScenario.closeShellsAfter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuItem;
import org.eclipse.e4.ui.model.application.ui.menu.MToolControl;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.tests.AdministrationTest.Heard;
import org.magpie.client.service.smack.tests.DesktopClientTest.UiScript;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.ServerAddon;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.admin.AdministrationDialog;
import org.magpie.client.ui.handlers.AdministrationHandler;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.WeatherLine;
import org.magpie.client.ui.preferences.WeatherPreference;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 8's "done means", end to end against the real server: root, an administrator, uses the
 * desktop client (the product's workbench under Xvfb) with Berlin's weather in its status bar, while
 * alice and bob chat on their own computers and bob asks the weather bot. Root switches the weather
 * plugin off from Server Administration: the bot stops answering, the weather line goes, nobody is
 * disconnected; switched on again, it answers. Root writes a listed word to bob: root's chat says it
 * was masked, bob sees only stars; a blocked word is not delivered and root's chat says so. Root's
 * announcement reaches alice and shows in root's window.
 */
class ServerAdministrationDesktopTest {

    private static final String BOT = "weather@localhost";

    @TempDir
    static Path tmp;

    private static WeatherStub provider;
    private static DesktopScenario scenario;

    @BeforeAll
    static void startServer() throws Exception {
        provider = new WeatherStub();
        List<String> settings = new ArrayList<>(List.of(provider.settings()));
        settings.add("admin.accounts=root");
        settings.add("filter.reload.seconds=1");
        settings.add("console.enabled=false");
        scenario = DesktopScenario.start(tmp, settings.toArray(String[]::new));
        Files.writeString(scenario.server().home().resolve("conf/sensitive-words.txt"), "\n内部机密|內部機密 block\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        scenario.register("root", "Root 管理员", "alice", "Alice 爱丽丝", "bob", "Bob 鲍勃");
    }

    @AfterAll
    static void stop() throws Exception {
        WeatherPreference.atInstanceScope().setCity("");
        if (scenario != null) {
            scenario.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** Bob asks the bot; its answer, or null when none came within the time. */
    private static String askBot(SmackMessagingService bob, Heard heard, long millis) throws Exception {
        heard.messages.clear();
        done(bob.send(BOT, "Berlin"));
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            ChatMessage m = heard.messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.conversation().equals(BOT)) {
                return m.text();
            }
        }
        return null;
    }

    @Test
    void anAdministratorSwitchesTheWeatherOffAndOnWhileUsersChatAndTheFilterWarnsTheSender() throws Exception {
        WeatherPreference.atInstanceScope().setCity("Berlin");
        Heard aliceHeard = new Heard();
        Heard bobHeard = new Heard();
        SmackMessagingService alice = scenario.other("alice", aliceHeard);
        SmackMessagingService bob = scenario.other("bob", bobHeard);
        assertTrue(askBot(bob, bobHeard, 10_000).startsWith("Berlin (Germany): clear sky, 21 °C"), "the bot answers");

        MessagingService rootService = clientService(MessagingService.class);
        Heard rootHeard = new Heard();
        rootService.addListener(rootHeard);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(rootService, "root");

        Display display = Display.getDefault();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> botAnswers = new CopyOnWriteArrayList<>();
        UiScript[] script = new UiScript[1];
        WorkbenchHarness harness = new WorkbenchHarness();
        closeShellsAfter(display, 240_000);
        try {
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Shell window = running.shell();
                WeatherLine line = (WeatherLine) ((MToolControl) models.find(UiIds.TOOLCONTROL_WEATHER, app)).getObject();
                MMenuItem menuItem = ServerAddon.administrationItems(models, app).get(0);
                MessengerPresenter messenger = running.context().get(MessengerPresenter.class);
                IEclipseContext handlerContext = running.context().createChild("administration handler");
                handlerContext.set(IServiceConstants.ACTIVE_SHELL, window);
                String[] question = new String[1];
                script[0] = new UiScript(display, 200_000)
                        .step("root is an administrator and Berlin's weather shows", () -> menuItem.isVisible()
                                && line.label().isVisible(), () -> {
                            seen.add("weather: " + line.label().getText() + " | " + line.label().getToolTipText().replace('\n', '/'));
                            seen.add("may administer: " + ContextInjectionFactory.invoke(new AdministrationHandler(), CanExecute.class,
                                    handlerContext, false));
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(window, "weather-main-window-en");
                            ContextInjectionFactory.invoke(new AdministrationHandler(), Execute.class, handlerContext);
                        })
                        .step("the administration shows the plugins", () -> plugin(display, "weather") != null, () -> {
                            AdministrationDialog d = dialog(display);
                            seen.add("weather plugin: " + plugin(display, "weather").enabled());
                            select(d, "weather");
                            answer(display, "OK", question);
                            click(d.disableButton());
                        })
                        .step("the weather is off", () -> plugin(display, "weather") != null && !plugin(display, "weather").enabled(), () -> {
                            AdministrationDialog d = dialog(display);
                            seen.add("asked: " + question[0]);
                            seen.add("outcome: " + d.outcome(Task.PLUGINS).getText());
                            Screenshots.settle(display, 200);
                            Screenshots.ofClient(d.getShell(), "admin-weather-off-en");
                            background(() -> {
                                botAnswers.add(String.valueOf(askBot(bob, bobHeard, 3000)));
                                done(alice.send("bob@localhost", "still chatting"));
                                botAnswers.add(bobHeard.next(bobHeard.messages).text());
                            });
                            // the weather line asks again (as after its next half hour): the plugin is off
                            line.presenter().online(false);
                            line.presenter().online(true);
                        })
                        .step("the bot is silent, chat goes on, the weather line is gone", () -> botAnswers.size() == 2
                                && !line.label().isVisible(), () -> {
                            seen.add("bot while off: " + botAnswers);
                            AdministrationDialog d = dialog(display);
                            select(d, "weather");
                            click(d.enableButton());
                        })
                        .step("the weather is on again", () -> plugin(display, "weather") != null && plugin(display, "weather").enabled(), () -> {
                            seen.add("outcome: " + dialog(display).outcome(Task.PLUGINS).getText());
                            botAnswers.clear();
                            background(() -> botAnswers.add(String.valueOf(askBot(bob, bobHeard, 10_000))));
                            line.presenter().online(false);
                            line.presenter().online(true);
                            messenger.openChat("bob@localhost", "Bob 鲍勃");
                        })
                        .step("the bot answers again and the weather line is back", () -> botAnswers.size() == 1
                                && line.label().isVisible() && chat(models, app, "bob@localhost") != null, () -> {
                            seen.add("bot again: " + botAnswers.get(0).lines().findFirst().orElse(""));
                            dialog(display).getShell().setMinimized(true);
                            ChatPart chat = chat(models, app, "bob@localhost");
                            chat.input().setText("What a s.h.i.t day, 真是个傻逼 idea");
                            click(chat.send());
                        })
                        .step("root's chat says the words were masked", () -> lines(models, app).contains(
                                "Some words were replaced by * (shit, 傻逼)."), () -> {
                            ChatPart chat = chat(models, app, "bob@localhost");
                            chat.input().setText("这是内部机密");
                            click(chat.send());
                        })
                        .step("root's chat says the blocked message was not delivered", () -> lines(models, app).contains(
                                "Not delivered: contains words that are not allowed (内部机密)."), () -> {
                            seen.add("root's chat notices: " + lines(models, app).stream()
                                    .filter(l -> l.startsWith("Some words") || l.startsWith("Not delivered")).toList());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(window, "filtered-main-window-en");
                            AdministrationDialog d = dialog(display);
                            d.getShell().setMinimized(false);
                            d.tabs().setSelection(3);
                            d.subject().setText("Maintenance");
                            d.announcement().setText("The server restarts tonight at 22:00.");
                            click(d.announceButton());
                        })
                        // the announcement may reach root's window before the command's answer reaches the dialog
                        .step("the announcement shows in root's window and the dialog has the command's answer",
                                () -> announcement(display) != null
                                        && dialog(display).outcome(Task.ANNOUNCE).getText().startsWith("Announced"), () -> {
                            Shell notice = announcement(display);
                            seen.add("notice: " + notice.getText() + " / " + label(notice));
                            seen.add("announce outcome: " + dialog(display).outcome(Task.ANNOUNCE).getText());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(notice, "admin-announcement-en");
                            notice.close();
                            dialog(display).close();
                            running.workbench().close();
                        })
                        .start();
            }, 220_000);
        } finally {
            flow.unregister();
            rootService.logout();
        }
        assertEquals(List.of(), harness.problems(), "window probe");
        assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen);
        assertEquals(List.of(
                "weather: Berlin: clear sky, 21°C | Berlin (Germany): clear sky, 21 °C, humidity 40%, wind 5 km/h/"
                        + "2026-05-01: clear sky, 12 °C ~ 23 °C/2026-05-02: light rain, 11 °C ~ 19 °C",
                "may administer: true",
                "weather plugin: true",
                "asked: Disable Plugin: Switch off the plugin \u201cweather\u201d? Its features stop for everybody at once; nobody is logged out.",
                "outcome: The plugin weather is disabled.",
                "bot while off: [null, still chatting]",
                "outcome: The plugin weather is enabled.",
                "bot again: Berlin (Germany): clear sky, 21 °C, humidity 40%, wind 5 km/h",
                "root's chat notices: [Some words were replaced by * (shit, 傻逼)., "
                        + "Not delivered: contains words that are not allowed (内部机密).]",
                "notice: Announcement: Maintenance / Maintenance\n\nThe server restarts tonight at 22:00.",
                "announce outcome: Announced to 3 sessions."), seen);

        // bob saw only stars and never the blocked message; nobody was disconnected
        List<String> bobGot = new ArrayList<>();
        for (ChatMessage m = bobHeard.messages.poll(2, TimeUnit.SECONDS); m != null; m = bobHeard.messages.poll(500, TimeUnit.MILLISECONDS)) {
            bobGot.add(m.senderNickname() + ": " + m.text());
        }
        assertEquals(List.of("Root 管理员: What a ******* day, 真是个** idea"), bobGot);
        assertEquals("The server restarts tonight at 22:00.", aliceHeard.next(aliceHeard.announcements).text());
        for (Heard h : List.of(aliceHeard, bobHeard)) {
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE), h.states, "never dropped");
        }
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE, ConnectionState.OFFLINE), rootHeard.states,
                "root only went offline when logging out at the end");
        assertNull(bobHeard.filtered.poll(), "bob was warned of nothing");
    }

    // ------------------------------------------------------------------ helpers (UI thread)

    private static AdministrationDialog dialog(Display display) {
        Shell s = DesktopClientTest.dialog(display, AdministrationDialog.class);
        if (s == null) {
            for (Shell top : display.getShells()) {
                if (top.getData() instanceof AdministrationDialog d && !top.isDisposed()) {
                    return d;
                }
            }
        }
        return s == null ? null : (AdministrationDialog) s.getData();
    }

    private static PluginInfo plugin(Display display, String name) {
        AdministrationDialog d = dialog(display);
        if (d == null || d.presenter() == null) {
            return null;
        }
        return d.presenter().plugins().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static void select(AdministrationDialog d, String name) {
        for (int i = 0; i < d.table().getItemCount(); i++) {
            if (d.table().getItem(i).getText(0).equals(name)) {
                d.table().setSelection(i);
                d.table().notifyListeners(SWT.Selection, new Event());
            }
        }
    }

    private static ChatPart chat(EModelService models, MApplication app, String conversation) {
        MPart part = ChatParts.find(models, app, conversation);
        return part != null && part.getObject() instanceof ChatPart c ? c : null;
    }

    private static List<String> lines(EModelService models, MApplication app) {
        ChatPart c = chat(models, app, "bob@localhost");
        return c == null ? List.of() : c.lines();
    }

    private static Shell announcement(Display display) {
        for (Shell s : display.getShells()) {
            for (Shell child : s.getShells()) {
                if (Boolean.TRUE.equals(child.getData(ServerAddon.class.getName())) && child.isVisible()) {
                    return child;
                }
            }
        }
        return null;
    }

    private static String label(Composite parent) {
        for (Control c : parent.getChildren()) {
            if (c instanceof org.eclipse.swt.widgets.Label l && !l.getText().isBlank()) {
                return l.getText();
            }
            if (c instanceof Composite inner) {
                String s = label(inner);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Answers the next message dialog with a button, remembering its title and text. */
    private static void answer(Display display, String button, String[] question) {
        Runnable[] look = new Runnable[1];
        look[0] = () -> {
            for (Shell s : display.getShells()) {
                for (Shell child : allShells(s)) {
                    if (child.getData() instanceof MessageDialog && child.isVisible()
                            && !Boolean.TRUE.equals(child.getData(ServerAddon.class.getName()))) {
                        question[0] = child.getText() + ": " + label(child);
                        Button b = button(child, button);
                        b.notifyListeners(SWT.Selection, new Event());
                        return;
                    }
                }
            }
            display.timerExec(50, look[0]);
        };
        display.timerExec(50, look[0]);
    }

    private static List<Shell> allShells(Shell s) {
        List<Shell> all = new ArrayList<>();
        for (Shell child : s.getShells()) {
            all.add(child);
            all.addAll(allShells(child));
        }
        return all;
    }

    private static Button button(Composite parent, String text) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Button b && b.getText().equals(text)) {
                return b;
            }
            if (c instanceof Composite inner) {
                Button b = button(inner, text);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }
}
