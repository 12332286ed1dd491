package org.magpie.client.service.smack.tests;

import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.ui.login.LoginDialog;
import org.magpie.client.ui.login.LoginFlow;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * What the end-to-end desktop tests share: a real server with registered accounts, other users on
 * service instances as other computers would be, the desktop client's user logging in without the
 * login dialog, and small helpers to drive the workbench's widgets.
 */
final class DesktopScenario implements AutoCloseable {

    /** Every account's password. */
    static final String PASSWORD = "secret123";

    private final Path tmp;
    private final MagpieServer server;
    // other users log in from background threads too
    private final List<SmackMessagingService> others = new CopyOnWriteArrayList<>();
    private final Map<SmackMessagingService, Recorder> heard = new ConcurrentHashMap<>();

    private DesktopScenario(Path tmp, MagpieServer server) {
        this.tmp = tmp;
        this.server = server;
    }

    /** Starts the real server in {@code tmp} with the given {@code section.key=value} settings. */
    static DesktopScenario start(Path tmp, String... settings) throws Exception {
        return new DesktopScenario(tmp, MagpieServer.start(tmp, settings));
    }

    MagpieServer server() {
        return server;
    }

    /** Registers accounts given as user, nickname, user, nickname, ... */
    void register(String... usersAndNicknames) throws Exception {
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("registrar")));
        try {
            for (int i = 0; i < usersAndNicknames.length; i += 2) {
                done(registrar.register(server.address(), usersAndNicknames[i], PASSWORD, usersAndNicknames[i + 1]));
            }
        } finally {
            registrar.close();
        }
    }

    /** Another user on another computer, online once this returns; {@link #heardBy} tells what it heard. */
    SmackMessagingService other(String user) throws Exception {
        Recorder r = new Recorder();
        SmackMessagingService s = service(user, r);
        heard.put(s, r);
        done(s.login(server.address(), user, PASSWORD));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        return s;
    }

    /** Another user on another computer, heard by {@code listener} from the start. */
    SmackMessagingService other(String user, MessagingListener listener) throws Exception {
        SmackMessagingService s = service(user, listener);
        done(s.login(server.address(), user, PASSWORD));
        return s;
    }

    private SmackMessagingService service(String user, MessagingListener listener) {
        SmackMessagingService s = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + user + others.size())));
        s.addListener(listener);
        others.add(s);
        return s;
    }

    /** What a user from {@link #other(String)} heard. */
    Recorder heardBy(SmackMessagingService s) {
        return heard.get(s);
    }

    /**
     * Lets the workbench log {@code user} in on the client's own service, skipping the login dialogs
     * (DesktopClientTest's subject); unregister it when done.
     */
    ServiceRegistration<LoginFlow> logsInDirectly(MessagingService service, String user) {
        return bundles().registerService(LoginFlow.class, parent -> {
            try {
                service.login(server.address(), user, PASSWORD).get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                throw new AssertionError(user + " could not log in", e);
            }
        }, null);
    }

    @Override
    public void close() throws Exception {
        others.forEach(SmackMessagingService::close);
        server.close();
    }

    /** A service the client's bundles registered, as the workbench uses it. */
    static <T> T clientService(Class<T> type) {
        BundleContext bundles = bundles();
        return bundles.getService(bundles.getServiceReference(type));
    }

    private static BundleContext bundles() {
        return FrameworkUtil.getBundle(DesktopScenario.class).getBundleContext();
    }

    // ------------------------------------------------------------------ helpers (UI thread)

    /** Closes every window after a while, so that a script that is stuck fails instead of hanging the build. */
    static void closeShellsAfter(Display display, int millis) {
        display.timerExec(millis, () -> {
            for (Shell s : display.getShells()) {
                s.close();
            }
        });
    }

    /** Clicks later, so that a dialog the click opens runs its own loop while the script goes on. */
    static void click(Button button) {
        button.getDisplay().asyncExec(() -> {
            if (!button.isDisposed()) {
                button.notifyListeners(SWT.Selection, new Event());
            }
        });
    }

    /** The button named {@code field} for tests ({@link LoginDialog#FIELD}) inside {@code parent}, or null. */
    static Button buttonByField(Composite parent, String field) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Button b && field.equals(b.getData(LoginDialog.FIELD))) {
                return b;
            }
            if (c instanceof Composite inner) {
                Button b = buttonByField(inner, field);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /** A table's rows as shown. */
    static List<String> rows(Table table) {
        List<String> rows = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            rows.add(item.getText());
        }
        return rows;
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Other users act on their own computers, not on the UI thread. */
    static void background(Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }, "another user");
        t.setDaemon(true);
        t.start();
    }
}
