package org.magpie.server.launcher;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that keeps its handlers open while the JVM shuts down, until the launcher has
 * stopped the framework: the JDK's own shutdown hook would otherwise close them first, and the
 * messages of a graceful stop (bundles stopping, Derby shutting down) would be lost. Selected with
 * {@code -Djava.util.logging.manager=org.magpie.server.launcher.ShutdownLogManager} (the launcher sets
 * it when it runs as the main class; it must be chosen before java.util.logging is first used).
 */
public final class ShutdownLogManager extends LogManager {

    private static final String JDK_CLEANER = LogManager.class.getName() + "$Cleaner";

    public ShutdownLogManager() {
        super();
    }

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
            return; // the launcher's shutdown hook calls finish() once the framework has stopped
        }
        super.reset();
    }

    /** Closes the handlers for good (the last thing the launcher's shutdown hook does). */
    static void finish() {
        if (LogManager.getLogManager() instanceof ShutdownLogManager m) {
            m.closeHandlers();
        }
    }

    private void closeHandlers() {
        super.reset();
    }
}
