package org.magpie.server.launcher;

/** A start-up problem with a message meant for the person who started the server. */
public class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    public LauncherException(String message) {
        super(message);
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
