package org.magpie.server.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Routes Apache Felix's own log (handed over as the {@code felix.log.logger} framework property) into
 * java.util.logging logger {@code org.apache.felix.framework}, so it reaches the log file too.
 * Felix still filters with {@code felix.log.level} first.
 */
final class JulFrameworkLogger extends org.apache.felix.framework.Logger {

    static final String FELIX_LOGGER_PROPERTY = "felix.log.logger";
    private static final Logger JUL = Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        StringBuilder text = new StringBuilder();
        if (bundle != null) {
            text.append('[').append(bundle.getSymbolicName()).append("] ");
        }
        if (sr != null) {
            text.append("[service ").append(sr).append("] ");
        }
        text.append(msg);
        JUL.log(level(level), text.toString(), throwable);
    }

    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        JUL.log(level(level), msg, throwable);
    }

    private static Level level(int felixLevel) {
        return switch (felixLevel) {
            case LOG_ERROR -> Level.SEVERE;
            case LOG_WARNING -> Level.WARNING;
            case LOG_INFO -> Level.INFO;
            default -> Level.FINE;
        };
    }
}
