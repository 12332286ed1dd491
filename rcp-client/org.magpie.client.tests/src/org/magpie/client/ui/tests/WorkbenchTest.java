package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.e4.ui.model.application.ui.menu.MToolControl;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.StatusLine;
import org.magpie.client.ui.preferences.LanguagePreference;
import org.magpie.client.ui.preferences.LanguagePreference.Language;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * The whole Magpie workbench as the product starts it (Application.e4xmi, lifecycle, renderers),
 * under Xvfb in the build: the window, its parts, menus, status line, chat tabs from the part
 * descriptor, and the LoginFlow hook.
 */
class WorkbenchTest {

    private ServiceRegistration<LoginFlow> registration;

    @AfterEach
    void unregister() {
        if (registration != null) {
            registration.unregister();
        }
    }

    private void install(LoginFlow flow) {
        registration = FrameworkUtil.getBundle(WorkbenchTest.class).getBundleContext()
                .registerService(LoginFlow.class, flow, null);
    }

    @Test
    void windowOpensWithContactsChatsMenuAndStatusAfterLogin() throws Exception {
        List<Shell> loginParents = new ArrayList<>();
        AtomicInteger logins = new AtomicInteger();
        install(parent -> {
            logins.incrementAndGet();
            loginParents.add(parent);
            return true;
        });
        List<String> seen = new ArrayList<>();
        WorkbenchHarness harness = new WorkbenchHarness();
        harness.run(running -> {
            Shell shell = running.shell();
            seen.add("title=" + shell.getText());
            MApplication app = running.context().get(MApplication.class);
            EModelService models = running.context().get(EModelService.class);
            EPartService parts = running.context().get(EPartService.class);

            // the window as it first shows: the status line is inside it
            Screenshots.settle(shell.getDisplay(), 300);
            Screenshots.of(shell, "workbench-start");
            MToolControl statusControl = (MToolControl) models.find(UiIds.TOOLCONTROL_STATUS, app);
            Label status = ((StatusLine) statusControl.getObject()).label();
            Rectangle inShell = shell.getDisplay().map(status.getParent(), shell, status.getBounds());
            Rectangle client = shell.getClientArea();
            seen.add("statusVisible=" + (status.isVisible() && inShell.y + inShell.height <= client.y + client.height)
                    + "/" + status.getText());

            MPart contacts = (MPart) models.find(UiIds.PART_CONTACTS, app);
            seen.add("contacts=" + (contacts != null && contacts.getObject() != null) + "/" + contacts.getLocalizedLabel());
            seen.add("menus=" + menuLabels(running.window().getMainMenu()));
            seen.add("status=" + (models.find(UiIds.TOOLCONTROL_STATUS, app) != null));

            MPart chat = ChatParts.open(parts, models, app, "bob@localhost", "Bob");
            MPart again = ChatParts.open(parts, models, app, "bob@localhost", "Bob");
            ChatParts.open(parts, models, app, "10001@rooms.localhost", "Team");
            MPartStack chats = (MPartStack) models.find(UiIds.PARTSTACK_CHATS, app);
            seen.add("chats=" + chats.getChildren().size() + " same=" + (chat == again));
            seen.add("chatPart=" + (chat.getObject() instanceof ChatPart cp ? cp.conversation() : null));
            parts.activate(chat);

            Screenshots.settle(shell.getDisplay(), 500);
            Screenshots.of(shell, "workbench-en");
            Screenshots.ofScreen(shell.getDisplay(), "workbench-screen");
            running.workbench().close();
        }, 60_000);

        assertTrue(harness.problems().isEmpty(), () -> "probe failed: " + harness.problems());
        assertFalse(harness.timedOut(), "the Magpie window did not show within 60 s");
        assertEquals(1, logins.get(), "the LoginFlow runs once at start-up");
        assertNull(loginParents.get(0), "at start-up the LoginFlow gets no parent shell");
        assertEquals(List.of("title=Magpie", "statusVisible=true/Offline", "contacts=true/Contacts",
                "menus=[File[Log Out, Preferences…, null, Exit], Groups[Create Group…, Join Group…], Help[About Magpie]]", "status=true",
                "chats=2 same=true", "chatPart=bob@localhost"), seen);
    }

    @Test
    void chosenLanguageAppliesAtTheNextStart() throws Exception {
        LanguagePreference preference = LanguagePreference.atInstanceScope();
        Locale before = Locale.getDefault();
        String nlBefore = System.getProperty("osgi.nl");
        preference.set(Language.SIMPLIFIED_CHINESE);
        List<String> seen = new ArrayList<>();
        WorkbenchHarness harness = new WorkbenchHarness();
        try {
            harness.run(running -> {
                seen.add(running.shell().getText());
                seen.add(menuLabels(running.window().getMainMenu()).toString());
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                EPartService parts = running.context().get(EPartService.class);
                seen.add(((MPart) models.find(UiIds.PART_CONTACTS, app)).getLocalizedLabel());
                ChatParts.open(parts, models, app, "bob@localhost", "Bob");
                Screenshots.settle(running.shell().getDisplay(), 500);
                Screenshots.of(running.shell(), "workbench-zh");
                running.workbench().close();
            }, 60_000);
        } finally {
            preference.set(Language.SYSTEM);
            Locale.setDefault(before);
            if (nlBefore == null) {
                System.clearProperty("osgi.nl");
            } else {
                System.setProperty("osgi.nl", nlBefore);
            }
        }
        assertTrue(harness.problems().isEmpty(), () -> "probe failed: " + harness.problems());
        assertEquals(List.of("Magpie 喜鹊", "[文件(F)[注销(O), 首选项(P)…, null, 退出(X)], 群(G)[创建群(C)…, 加入群(J)…], 帮助(H)[关于 Magpie(A)]]", "联系人"),
                seen);
    }

    @Test
    void cancellingTheLoginEndsMagpieWithoutAWindow() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        install(parent -> {
            logins.incrementAndGet();
            return false;
        });
        WorkbenchHarness harness = new WorkbenchHarness();
        Object exit = harness.run(running -> {
            throw new AssertionError("the main window showed although the login was cancelled");
        }, 30_000);
        assertEquals(1, logins.get());
        assertFalse(harness.probed(), "no main window");
        assertFalse(harness.timedOut(), "Magpie should end by itself when the login is cancelled");
        assertNotNull(exit);
    }

    private static List<String> menuLabels(MMenu menu) {
        List<String> out = new ArrayList<>();
        for (MMenuElement e : menu.getChildren()) {
            List<String> items = new ArrayList<>();
            if (e instanceof MMenu sub) {
                for (MMenuElement item : sub.getChildren()) {
                    if (item.isVisible()) { // as the user sees them (Server Administration is for administrators)
                        items.add(item.getLocalizedLabel());
                    }
                }
            }
            out.add(e.getLocalizedLabel().replace("&", "") + items.toString().replace("&", ""));
        }
        return out;
    }
}
