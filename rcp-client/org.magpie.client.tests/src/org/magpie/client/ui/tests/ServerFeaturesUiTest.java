package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MBasicFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.model.NoticesPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.model.tests.FakeMessagingService;
import org.magpie.client.model.tests.FakeServerFeatures;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Weather;
import org.magpie.client.service.WeatherService;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.admin.AdministrationDialog;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.WeatherLine;
import org.magpie.client.ui.preferences.WeatherPreference;

/**
 * The administration window, the weather line and the filter's notes in a chat, in real SWT shells
 * over fake services, in English and Chinese, with screenshots: the plugin table and its buttons
 * (disabling asks first), outcomes in green or red, the weather line with its tooltip and its short
 * texts, and the sender's chat marking masked and blocked messages.
 */
class ServerFeaturesUiTest {

    private Display display;
    private final FakeServerFeatures server = new FakeServerFeatures();
    private final FakeMessagingService messaging = new FakeMessagingService();
    private AdministrationDialog dialog;
    private Shell shell;

    @BeforeEach
    void openDisplay() {
        display = Display.getDefault();
        messaging.account = "root@localhost";
        messaging.state = ConnectionState.ONLINE;
    }

    @AfterEach
    void close() {
        if (dialog != null) {
            dialog.close();
        }
        if (shell != null && !shell.isDisposed()) {
            shell.dispose();
        }
        WeatherPreference.atInstanceScope().setCity("");
        display.dispose();
    }

    private static List<PluginInfo> plugins(boolean weatherOn) {
        return List.of(new PluginInfo("weather", "0.1.0", weatherOn, true), new PluginInfo("admin", "0.1.0", true, false),
                new PluginInfo("archive", "0.1.0", true, true), new PluginInfo("commands", "0.1.0", true, false),
                new PluginInfo("filter", "0.1.0", true, true), new PluginInfo("rooms", "0.1.0", true, true),
                new PluginInfo("roster", "0.1.0", true, true));
    }

    private AdministrationDialog openAdministration(Locale locale) {
        Messages messages = new Messages(locale);
        Texts texts = new Texts(locale);
        dialog = new AdministrationDialog(null, messages, v -> new AdministrationPresenter(server, texts, display::asyncExec, v));
        dialog.create();
        dialog.getShell().setLocation(10, 10);
        dialog.open();
        Screenshots.settle(display, 200);
        return dialog;
    }

    private static String[] row(TableItem item) {
        return new String[] {item.getText(0), item.getText(1), item.getText(2)};
    }

    /** Presses a button of the next message dialog as soon as it is open (it runs its own loop). */
    private void answerNextQuestion(String button, String[] question) {
        Runnable[] look = new Runnable[1];
        look[0] = () -> {
            for (Shell s : display.getShells()) {
                for (Shell child : s.getShells()) {
                    if (child.getData() instanceof MessageDialog d && child.isVisible()) {
                        question[0] = child.getText() + ": " + find(child, Control.class, true);
                        Button b = findButton(child, button);
                        b.notifyListeners(SWT.Selection, new Event());
                        return;
                    }
                }
            }
            display.timerExec(50, look[0]);
        };
        display.timerExec(50, look[0]);
    }

    private static String find(Composite parent, Class<?> type, boolean label) {
        for (Control c : parent.getChildren()) {
            if (c instanceof org.eclipse.swt.widgets.Label l && !l.getText().isBlank()) {
                return l.getText();
            }
            if (c instanceof Composite inner) {
                String s = find(inner, type, label);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static Button findButton(Composite parent, String text) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Button b && b.getText().equals(text)) {
                return b;
            }
            if (c instanceof Composite inner) {
                Button b = findButton(inner, text);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    private static void click(Button b) {
        b.notifyListeners(SWT.Selection, new Event());
    }

    @Test
    void thePluginTableSwitchesPluginsAndAsksBeforeDisabling() {
        AdministrationDialog d = openAdministration(Locale.ENGLISH);
        assertEquals(Task.PLUGINS, Task.valueOf("PLUGINS"));
        assertEquals("Working\u2026", d.outcome(Task.PLUGINS).getText());
        server.last("plugins").complete(plugins(true));
        Screenshots.settle(display, 100);
        assertEquals(7, d.table().getItemCount());
        assertEquals(List.of("admin", "0.1.0", "Enabled"), List.of(row(d.table().getItem(0))));
        assertFalse(d.enableButton().isEnabled() || d.disableButton().isEnabled(), "nothing selected");

        d.table().setSelection(0); // admin: may not be switched off
        d.table().notifyListeners(SWT.Selection, new Event());
        assertFalse(d.disableButton().isEnabled(), "the administration switch keeps itself on");
        d.table().setSelection(6); // weather
        d.table().notifyListeners(SWT.Selection, new Event());
        assertTrue(d.disableButton().isEnabled());
        assertFalse(d.enableButton().isEnabled());
        Screenshots.ofClient(d.getShell(), "admin-plugins-en");

        String[] question = new String[1];
        answerNextQuestion("Cancel", question);
        click(d.disableButton());
        assertEquals("Disable Plugin: Switch off the plugin \u201cweather\u201d? Its features stop for everybody at once; nobody is logged out.",
                question[0]);
        assertEquals(0, server.count("switchPlugin"), "cancelled");

        answerNextQuestion("OK", question);
        click(d.disableButton());
        assertEquals(List.of("weather", "false"), server.last("switchPlugin").args());
        server.last("switchPlugin").complete("The plugin weather is disabled.");
        Screenshots.settle(display, 50);
        server.last("plugins").complete(plugins(false));
        Screenshots.settle(display, 100);
        assertEquals("The plugin weather is disabled.", d.outcome(Task.PLUGINS).getText());
        assertEquals(new RGB(0x2e, 0x7d, 0x32), d.outcome(Task.PLUGINS).getForeground().getRGB());
        assertEquals(List.of("weather", "0.1.0", "Disabled"), List.of(row(d.table().getItem(6))));
        assertTrue(d.enableButton().isEnabled(), "the selection stays on weather, now off");
        click(d.enableButton());
        assertEquals(List.of("weather", "true"), server.last("switchPlugin").args());
        server.last("switchPlugin").fail(new ServiceException(FailureKind.OTHER, "The database failed; the plugin was not switched."));
        Screenshots.settle(display, 50);
        assertEquals("The database failed; the plugin was not switched.", d.outcome(Task.PLUGINS).getText());
        assertEquals(new RGB(0xc6, 0x28, 0x28), d.outcome(Task.PLUGINS).getForeground().getRGB());
    }

    @Test
    void userTasksSayHowTheyWentAndForgetPasswordsThatWorked() {
        AdministrationDialog d = openAdministration(Locale.ENGLISH);
        server.last("plugins").complete(plugins(true));
        d.tabs().setSelection(1);
        Screenshots.settle(display, 50);
        org.eclipse.swt.widgets.Text[] add = d.addUserFields();
        add[0].setText("bob");
        add[1].setText("Bob 鲍勃");
        add[2].setText("first1234");
        add[3].setText("first123");
        click(d.addButton());
        assertEquals("The two passwords are not the same.", d.outcome(Task.ADD_USER).getText());
        add[3].setText("first1234");
        click(d.addButton());
        assertFalse(d.addButton().isEnabled(), "waits for the server");
        server.last("addUser").complete("The account bob was created.");
        Screenshots.settle(display, 50);
        assertEquals("The account bob was created.", d.outcome(Task.ADD_USER).getText());
        assertEquals("", add[2].getText(), "the password is not kept");
        org.eclipse.swt.widgets.Text[] pw = d.passwordFields();
        pw[0].setText("nobody");
        pw[1].setText("second1234");
        pw[2].setText("second1234");
        click(d.changeButton());
        server.last("changePassword").fail(new ServiceException(FailureKind.OTHER, "There is no account nobody."));
        Screenshots.settle(display, 100);
        assertEquals("There is no account nobody.", d.outcome(Task.CHANGE_PASSWORD).getText());
        Screenshots.ofClient(d.getShell(), "admin-users-en");

        d.tabs().setSelection(2);
        d.accounts().setText("carol\ndave@localhost");
        click(d.endSessionsButton());
        assertEquals(List.of("carol", "dave@localhost"), server.last("endSessions").args());
        server.last("endSessions").complete("2 sessions ended.");
        String[] question = new String[1];
        answerNextQuestion("OK", question);
        click(d.deleteButton());
        assertTrue(question[0].startsWith("Delete Accounts: Delete carol, dave@localhost for good?"), question[0]);
        server.last("deleteUsers").complete("Deleted: carol, dave.");
        Screenshots.settle(display, 50);
        assertEquals("Deleted: carol, dave.", d.outcome(Task.DELETE_USERS).getText());

        d.tabs().setSelection(3);
        d.subject().setText("Maintenance");
        d.announcement().setText("The server restarts tonight at 22:00.\nPlease save your work.");
        click(d.announceButton());
        assertEquals(List.of("Maintenance", "The server restarts tonight at 22:00.\nPlease save your work."), server.last("announce").args());
        server.last("announce").complete("Announced to 12 sessions.");
        Screenshots.settle(display, 100);
        assertEquals("Announced to 12 sessions.", d.outcome(Task.ANNOUNCE).getText());
    }

    @Test
    void inChineseEverythingIsChinese() {
        AdministrationDialog d = openAdministration(Locale.SIMPLIFIED_CHINESE);
        server.last("plugins").complete(plugins(false));
        Screenshots.settle(display, 100);
        assertEquals("服务器管理", d.getShell().getText());
        assertEquals(List.of("weather", "0.1.0", "已停用"), List.of(row(d.table().getItem(6))));
        d.table().setSelection(6);
        d.table().notifyListeners(SWT.Selection, new Event());
        click(d.enableButton());
        server.last("switchPlugin").complete("插件 weather 已启用。");
        Screenshots.settle(display, 50);
        server.last("plugins").complete(plugins(true));
        Screenshots.settle(display, 150);
        assertEquals("插件 weather 已启用。", d.outcome(Task.PLUGINS).getText());
        Screenshots.ofClient(d.getShell(), "admin-plugins-zh");
        d.tabs().setSelection(1);
        click(d.addButton());
        Screenshots.settle(display, 100);
        assertEquals("请填写账号。", d.outcome(Task.ADD_USER).getText());
        Screenshots.ofClient(d.getShell(), "admin-users-zh");
    }

    // ------------------------------------------------------------------ weather line

    private WeatherLine weatherLine(Locale locale, String city) {
        WeatherPreference.atInstanceScope().setCity(city);
        IEclipseContext context = TestContexts.create(display, locale);
        context.set(MessagingService.class, messaging);
        context.set(WeatherService.class, server);
        shell = new Shell(display);
        shell.setText("Weather line");
        shell.setLayout(new FillLayout());
        Composite parent = new Composite(shell, SWT.NONE);
        parent.setLayout(new FillLayout());
        IEclipseContext partContext = context.createChild("weather");
        partContext.set(Composite.class, parent);
        WeatherLine line = ContextInjectionFactory.make(WeatherLine.class, partContext);
        shell.setSize(360, 40);
        shell.setLocation(10, 10);
        shell.open();
        Screenshots.settle(display, 100);
        return line;
    }

    @Test
    void theWeatherLineShowsTheCityFromThePreferencesAndFollowsItsChanges() {
        WeatherLine line = weatherLine(Locale.SIMPLIFIED_CHINESE, "北京");
        assertEquals(List.of("北京"), server.last("weather").args());
        assertFalse(line.label().isVisible(), "nothing before the answer");
        server.last("weather").complete(new Weather("北京", "China", 21, "晴", 0, "北京（China）：晴，21 °C，湿度 40%",
                List.of("2026-05-01：晴，12 °C ~ 23 °C", "2026-05-02：小雨，11 °C ~ 19 °C")));
        Screenshots.settle(display, 100);
        assertTrue(line.label().isVisible());
        assertEquals("北京 晴 21°C", line.label().getText());
        assertEquals("北京（China）：晴，21 °C，湿度 40%\n2026-05-01：晴，12 °C ~ 23 °C\n2026-05-02：小雨，11 °C ~ 19 °C",
                line.label().getToolTipText());
        Screenshots.ofClient(shell, "weather-line-zh");

        WeatherPreference.atInstanceScope().setCity("Atlantis");
        Screenshots.settle(display, 100);
        assertEquals(List.of("Atlantis"), server.last("weather").args(), "a new city is asked at once");
        server.last("weather").fail(new ServiceException(FailureKind.INVALID_INPUT, "找不到名为“Atlantis”的地方。"));
        Screenshots.settle(display, 100);
        assertEquals("天气：找不到“Atlantis”", line.label().getText());

        WeatherPreference.atInstanceScope().setCity("");
        Screenshots.settle(display, 100);
        assertFalse(line.label().isVisible(), "no city, no line");
    }

    @Test
    void theWeatherLineIsShortWhenTheServiceIsUnreachableAndGoneWhenThePluginIsOff() {
        WeatherLine line = weatherLine(Locale.ENGLISH, "Berlin");
        server.last("weather").complete(new Weather("Berlin", "Germany", 21, "clear sky", 0, "Berlin (Germany): clear sky, 21 °C",
                List.of("2026-05-01: clear sky, 12 °C ~ 23 °C")));
        Screenshots.settle(display, 100);
        assertEquals("Berlin: clear sky, 21°C", line.label().getText());
        Screenshots.ofClient(shell, "weather-line-en");
        line.presenter().online(false);
        assertFalse(line.label().isVisible(), "offline: hidden");
        line.presenter().online(true);
        server.last("weather").fail(new ServiceException(FailureKind.UNREACHABLE, "The weather service is unreachable just now."));
        Screenshots.settle(display, 100);
        assertEquals("Weather: service unreachable", line.label().getText());
        assertEquals("The weather service is unreachable just now.", line.label().getToolTipText());
        line.presenter().online(false);
        line.presenter().online(true);
        server.last("weather").fail(new ServiceException(FailureKind.UNAVAILABLE, null));
        Screenshots.settle(display, 100);
        assertFalse(line.label().isVisible(), "the plugin is off: hidden");
    }

    // ------------------------------------------------------------------ the filter's notes in the sender's chat

    @Test
    void theSendersChatMarksMaskedAndBlockedMessages() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            IEclipseContext context = TestContexts.create(display, locale);
            shell = new Shell(display);
            shell.setText("Chat");
            shell.setLayout(new FillLayout());
            Composite parent = new Composite(shell, SWT.NONE);
            MPart part = MBasicFactory.INSTANCE.createPart();
            part.getPersistedState().put(UiIds.CHAT_CONVERSATION, "bob@localhost");
            part.getTransientData().put(UiIds.CHAT_TITLE, "Bob 鲍勃");
            IEclipseContext partContext = context.createChild("chat");
            partContext.set(Composite.class, parent);
            partContext.set(MPart.class, part);
            ChatPart chat = ContextInjectionFactory.make(ChatPart.class, partContext);
            NoticesPresenter notices = new NoticesPresenter(messaging, new Texts(locale), Runnable::run, new NoticesPresenter.View() {
                @Override
                public void chatNotice(String conversation, String text) {
                    chat.notice(text);
                }

                @Override
                public void announcement(String title, String text) {
                }
            });
            Instant t = Instant.parse("2026-05-01T09:30:00Z");
            ChatMessage masked = new ChatMessage("bob@localhost", "alice@localhost", "Alice 爱丽丝", "What a shit day, 真是个傻逼 idea", t, true);
            chat.append(new ChatMessage("bob@localhost", "bob@localhost", "Bob 鲍勃", "How was the meeting?", t.minusSeconds(60), false));
            chat.append(masked);
            notices.messageFiltered(masked, new FilterNotice(FilterNotice.Action.MASKED, List.of("shit", "傻逼"), null));
            ChatMessage blocked = new ChatMessage("bob@localhost", "alice@localhost", "Alice 爱丽丝", "这是内部机密", t.plusSeconds(5), true);
            chat.append(blocked);
            notices.messageFiltered(blocked, new FilterNotice(FilterNotice.Action.BLOCKED, List.of("内部机密"), null));
            shell.setSize(560, 360);
            shell.setLocation(10, 10);
            shell.open();
            Screenshots.settle(display, 200);
            String transcript = String.join("\n", chat.lines());
            boolean en = locale == Locale.ENGLISH;
            assertTrue(transcript.contains(en ? "Some words were replaced by * (shit, 傻逼)." : "部分词语已被替换为 *（shit、傻逼）。"), transcript);
            assertTrue(transcript.contains(en ? "Not delivered: contains words that are not allowed (内部机密)."
                    : "未送达：含有不允许使用的词语（内部机密）。"), transcript);
            Screenshots.ofClient(shell, "filtered-chat-" + (en ? "en" : "zh"));
            assertNotNull(chat.transcript());
            shell.dispose();
        }
    }
}
