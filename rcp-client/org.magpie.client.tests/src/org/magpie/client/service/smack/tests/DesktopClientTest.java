package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.done;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.login.LoginDialog;
import org.magpie.client.ui.login.RegisterDialog;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.DialogLoginFlow;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.service.MessagingService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * The desktop client as a user meets it, against a real server: the product's workbench with its
 * real login and registration dialogs and parts, driven through their widgets under Xvfb. A user
 * creates an account (first with a weak password, which the server refuses with its rule), logs
 * in, opens a chat with bob (another client), types and presses Enter, and sees bob's reply; then
 * the same account logs in elsewhere and the window says so and returns to the login.
 * Screenshots go to target/screenshots.
 */
class DesktopClientTest {

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private static SmackMessagingService bob;
    private static final List<String> bobGot = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServerAndBob() throws Exception {
        server = MagpieServer.start(tmp);
        bob = new SmackMessagingService(new FileTrustStore(tmp.resolve("bob-trust")));
        done(bob.register(server.address(), "bob", "bobpass22", "Bob 鲍勃"));
        bob.addListener(new MessagingListener() {
            @Override
            public void messageReceived(ChatMessage message) {
                bobGot.add(message.senderNickname() + ": " + message.text());
                bob.send(message.conversation(), "收到 got it: " + message.text());
            }
        });
        done(bob.login(server.address(), "bob", "bobpass22"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bob != null) {
            bob.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registerLogInChatAndGetKickedByASecondLogin() throws Exception {
        Display display = Display.getDefault();
        String port = Integer.toString(server.address().port());
        List<String> transcript = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        SmackMessagingService[] elsewhere = new SmackMessagingService[1];
        UiScript[] windowScript = new UiScript[1];

        UiScript script = new UiScript(display, 90_000)
                .step("login dialog shows", () -> dialog(display, LoginDialog.class) != null, () -> {
                    Shell s = dialog(display, LoginDialog.class);
                    Screenshots.of(s, "login-empty");
                    click(button(s, "login.register"));
                })
                .step("registration dialog shows", () -> dialog(display, RegisterDialog.class) != null, () -> {
                    Shell s = dialog(display, RegisterDialog.class);
                    type(s, "field.host", "127.0.0.1");
                    type(s, "field.port", port);
                    type(s, "field.username", "alice");
                    type(s, "field.nickname", "Alice 爱丽丝");
                    type(s, "field.password", "short");
                    type(s, "field.confirm", "short");
                    click(s.getDefaultButton());
                })
                .step("the server's password rule shows", () -> errorOf(display, RegisterDialog.class).contains("8"), () -> {
                    Shell s = dialog(display, RegisterDialog.class);
                    seen.add("rule: " + errorOf(display, RegisterDialog.class));
                    Screenshots.of(s, "register-weak-password");
                    type(s, "field.password", "alicepass1");
                    type(s, "field.confirm", "alicepass1");
                    click(s.getDefaultButton());
                })
                .step("back in the login dialog, filled in", () -> dialog(display, RegisterDialog.class) == null
                        && dialog(display, LoginDialog.class) != null
                        && "alice".equals(text(dialog(display, LoginDialog.class), "field.username")), () -> {
                    Shell s = dialog(display, LoginDialog.class);
                    type(s, "field.host", "127.0.0.1");
                    type(s, "field.port", port);
                    Screenshots.of(s, "login-filled");
                    click(s.getDefaultButton());
                });
        script.start();

        // the product's own login flow over the messaging service of this OSGi runtime
        BundleContext bundles = FrameworkUtil.getBundle(DesktopClientTest.class).getBundleContext();
        MessagingService service = bundles.getService(bundles.getServiceReference(MessagingService.class));
        ServiceRegistration<LoginFlow> flow = bundles.registerService(LoginFlow.class,
                new DialogLoginFlow(service, new Messages(java.util.Locale.ENGLISH)), null);
        WorkbenchHarness harness = new WorkbenchHarness();
        // whatever happens, the test ends: after this, every window is closed
        display.timerExec(180_000, () -> {
            for (Shell s : display.getShells()) {
                s.close();
            }
        });
        try {
        harness.run(running -> {
            MApplication app = running.context().get(MApplication.class);
            EModelService models = running.context().get(EModelService.class);
            Shell window = running.shell();
            windowScript[0] = new UiScript(display, 60_000)
                    .step("online", () -> running.context().get(org.magpie.client.service.MessagingService.class)
                            .state() == ConnectionState.ONLINE, () -> bob.send("alice@localhost", "Hi Alice, are you there?"))
                    .step("bob's message opens a marked tab", () -> chat(models, app) != null
                            && ChatParts.find(models, app, "bob@localhost").getLabel().endsWith("(1)"), () -> {
                        seen.add("tab: " + ChatParts.find(models, app, "bob@localhost").getLabel());
                        seen.add("unread title: " + running.window().getLabel());
                        // the user clicks the tab
                        running.context().get(EPartService.class).activate(ChatParts.find(models, app, "bob@localhost"));
                    })
                    .step("opening it clears the mark", () -> !ChatParts.find(models, app, "bob@localhost").getLabel().endsWith(")"), () -> {
                        seen.add("read title: " + running.window().getLabel());
                        ChatPart chat = chat(models, app);
                        chat.input().setText("你好 Bob,");
                        Event shiftEnter = new Event();
                        shiftEnter.keyCode = SWT.CR;
                        shiftEnter.character = '\r';
                        shiftEnter.stateMask = SWT.SHIFT;
                        chat.input().notifyListeners(SWT.KeyDown, shiftEnter);
                        seen.add("after shift+enter: " + chat.input().getText());
                        chat.input().setText("你好 Bob,\nlunch at 12?");
                        Event enter = new Event();
                        enter.keyCode = SWT.CR;
                        enter.character = '\r';
                        chat.input().notifyListeners(SWT.KeyDown, enter);
                        seen.add("after enter: [" + chat.input().getText() + "]");
                    })
                    .step("bob's reply shows", () -> String.join("\n", chat(models, app).lines()).contains("收到 got it"), () -> {
                        transcript.addAll(chat(models, app).lines());
                        seen.add("title: " + window.getText());
                        Screenshots.settle(display, 300);
                        Screenshots.of(window, "main-window-chat");
                        // the same account logs in from another place
                        Thread t = new Thread(() -> {
                            elsewhere[0] = new SmackMessagingService(new FileTrustStore(tmp.resolve("elsewhere-trust")));
                            elsewhere[0].login(server.address(), "alice", "alicepass1");
                        });
                        t.start();
                    })
                    .step("logged in elsewhere is reported", () -> dialog(display, MessageDialog.class) != null, () -> {
                        Shell s = dialog(display, MessageDialog.class);
                        seen.add("kicked: " + messageOf(s));
                        Screenshots.of(s, "logged-in-elsewhere");
                        click(s.getDefaultButton());
                    })
                    .step("the login dialog is back", () -> dialog(display, LoginDialog.class) != null, () -> {
                        Shell s = dialog(display, LoginDialog.class);
                        seen.add("login again");
                        click(button(s, "button.cancel")); // Magpie closes
                    })
                    .start();
        }, 150_000);
        } finally {
            flow.unregister();
        }
        assertEquals(List.of(), harness.problems(), "window probe");
        assertTrue(windowScript[0] != null, "the main window showed");
        assertEquals(List.of(), windowScript[0].problems(), "window steps");

        assertEquals(List.of(), script.problems(), "login steps");
        assertEquals(List.of("Alice 爱丽丝: 你好 Bob,\nlunch at 12?"), bobGot, "one message, with alice's nickname");
        assertTrue(seen.contains("tab: Bob 鲍勃 (1)"), seen.toString());
        assertTrue(seen.contains("unread title: Magpie (1 unread)"), seen.toString());
        assertTrue(seen.contains("read title: Magpie"), seen.toString());
        assertTrue(seen.contains("after shift+enter: 你好 Bob,"), "Shift+Enter does not send: " + seen);
        assertTrue(seen.contains("after enter: []"), "Enter sends and clears: " + seen);
        assertTrue(transcript.stream().anyMatch(l -> l.startsWith("Bob 鲍勃")), "bob's nickname shown: " + transcript);
        assertTrue(transcript.contains("Hi Alice, are you there?"), transcript.toString());
        assertTrue(transcript.contains("lunch at 12?"), "a line break stays a line break: " + transcript);
        assertTrue(transcript.stream().anyMatch(l -> l.startsWith("收到 got it: 你好 Bob,")), transcript.toString());
        assertTrue(seen.stream().anyMatch(x -> x.startsWith("rule: ") && x.contains("letters and digits")), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("kicked: ") && s.contains("another place")), seen.toString());
        assertTrue(seen.contains("login again"), seen.toString());
        assertFalse(transcript.isEmpty());
        if (elsewhere[0] != null) {
            elsewhere[0].close();
        }
    }

    // ------------------------------------------------------------------ widget helpers (UI thread)

    private static ChatPart chat(EModelService models, MApplication app) {
        MPart part = ChatParts.find(models, app, "bob@localhost");
        return part != null && part.getObject() instanceof ChatPart c ? c : null;
    }

    static Shell dialog(Display display, Class<?> type) {
        for (Shell s : display.getShells()) {
            if (!s.isDisposed() && s.isVisible() && type.isInstance(s.getData())) {
                return s;
            }
            for (Shell child : s.getShells()) {
                if (!child.isDisposed() && child.isVisible() && type.isInstance(child.getData())) {
                    return child;
                }
            }
        }
        return null;
    }

    private static String errorOf(Display display, Class<? extends TitleAreaDialog> type) {
        Shell s = dialog(display, type);
        if (s == null) {
            return "";
        }
        // TitleAreaDialog shows its error in a read-only text above the form
        List<String> texts = new ArrayList<>();
        collect(s, c -> {
            if (c instanceof Text t && (t.getStyle() & SWT.READ_ONLY) != 0) {
                texts.add(t.getText());
            }
        });
        return String.join(" ", texts);
    }

    private static String messageOf(Shell shell) {
        List<String> texts = new ArrayList<>();
        collect(shell, c -> {
            if (c instanceof org.eclipse.swt.widgets.Label l) {
                texts.add(l.getText());
            }
        });
        return String.join(" ", texts);
    }

    private static void type(Shell shell, String field, String value) {
        find(shell, field, Text.class).setText(value);
    }

    private static String text(Shell shell, String field) {
        return find(shell, field, Text.class).getText();
    }

    /** A button by its field key. */
    private static Button button(Shell shell, String field) {
        return find(shell, field, Button.class);
    }

    private static <T extends Control> T find(Shell shell, String field, Class<T> type) {
        List<T> found = new ArrayList<>();
        collect(shell, c -> {
            if (type.isInstance(c) && field.equals(c.getData(LoginDialog.FIELD))) {
                found.add(type.cast(c));
            }
        });
        if (found.isEmpty()) {
            throw new AssertionError("no " + field + " in " + shell.getText());
        }
        return found.get(0);
    }

    private static void collect(Composite parent, java.util.function.Consumer<Control> visitor) {
        for (Control c : parent.getChildren()) {
            visitor.accept(c);
            if (c instanceof Composite composite) {
                collect(composite, visitor);
            }
        }
    }

    /** Clicks later, so that a dialog the click opens runs its own loop while the script goes on. */
    private static void click(Button button) {
        button.getDisplay().asyncExec(() -> {
            if (!button.isDisposed()) {
                button.notifyListeners(SWT.Selection, new Event());
            }
        });
    }

    /**
     * Steps run from a timer in whatever event loop is running (a modal dialog's included): each
     * waits for its condition, then acts without blocking.
     */
    static final class UiScript {
        private record Step(String name, BooleanSupplier ready, Runnable action) {
        }

        private final Display display;
        private final long deadline;
        private final List<Step> steps = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private int next;

        UiScript(Display display, long timeoutMs) {
            this.display = display;
            this.deadline = System.currentTimeMillis() + timeoutMs;
        }

        UiScript step(String name, BooleanSupplier ready, Runnable action) {
            steps.add(new Step(name, ready, action));
            return this;
        }

        UiScript start() {
            display.timerExec(100, this::tick);
            return this;
        }

        List<String> problems() {
            return next < steps.size() && problems.isEmpty()
                    ? List.of("stopped before: " + steps.get(next).name()) : problems;
        }

        private void tick() {
            if (next >= steps.size() || !problems.isEmpty() || display.isDisposed()) {
                return;
            }
            Step step = steps.get(next);
            try {
                if (step.ready().getAsBoolean()) {
                    step.action().run();
                    next++;
                }
            } catch (Throwable t) {
                problems.add(step.name() + ": " + t);
                closeAll();
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                problems.add("timed out at: " + step.name());
                closeAll();
                return;
            }
            display.timerExec(100, this::tick);
        }

        private void closeAll() {
            for (Shell s : display.getShells()) {
                s.close();
            }
        }
    }
}
