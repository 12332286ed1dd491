package org.magpie.server.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.AccountListener;
import org.magpie.server.core.account.AccountListeners;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** The tracker against a real framework's service registry: services come and go as in the server. */
class ExtensionTrackerTest {

    @TempDir
    Path storage;

    private Felix framework;
    private BundleContext context;
    private final AccountListeners accountListeners = new AccountListeners();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFramework() throws BundleException {
        framework = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void accountListenersRegisteredBeforeAndAfterOpeningAreTold() {
        context.registerService(AccountListener.class, listener("early"), null);
        try (ExtensionTracker tracker = ExtensionTracker.open(context, new Extensions(), accountListeners)) {
            context.registerService(AccountListener.class, listener("late"), null); // a plugin switched on later

            accountListeners.tell(l -> l.accountDeleted("alice"));

            assertEquals(List.of("early deleted alice", "late deleted alice"), heard);
        }
    }

    @Test
    void aListenerThatWentAwayIsNoLongerToldAndClosingForgetsTheRest() {
        ServiceRegistration<AccountListener> leaving = context.registerService(AccountListener.class, listener("leaving"), null);
        context.registerService(AccountListener.class, listener("staying"), null);
        ExtensionTracker tracker = ExtensionTracker.open(context, new Extensions(), accountListeners);

        leaving.unregister(); // its plugin stopped
        accountListeners.tell(l -> l.nicknameChanged("bob", "Bobby"));
        assertEquals(List.of("staying nickname bob Bobby"), heard);

        tracker.close();
        accountListeners.tell(l -> l.accountDeleted("bob"));
        assertEquals(List.of("staying nickname bob Bobby"), heard, "nobody is told once the tracker is closed");
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() {
        context.registerService(AccountListener.class, new AccountListener() {
            @Override
            public void accountDeleted(String username) {
                throw new IllegalStateException("broken plugin");
            }
        }, null);
        context.registerService(AccountListener.class, listener("healthy"), null);
        try (ExtensionTracker tracker = ExtensionTracker.open(context, new Extensions(), accountListeners)) {
            accountListeners.tell(l -> l.accountDeleted("carol"));

            assertEquals(List.of("healthy deleted carol"), heard);
        }
    }

    private AccountListener listener(String name) {
        return new AccountListener() {
            @Override
            public void nicknameChanged(String username, String nickname) {
                heard.add(name + " nickname " + username + " " + nickname);
            }

            @Override
            public void accountDeleted(String username) {
                heard.add(name + " deleted " + username);
            }
        };
    }
}
