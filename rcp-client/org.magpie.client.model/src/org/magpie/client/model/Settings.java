package org.magpie.client.model;

/**
 * Remembered, non-secret choices: the last server, port and account. Implemented over Eclipse
 * preferences by the UI; an in-memory one serves tests.
 */
public interface Settings {

    String get(String key, String fallback);

    void put(String key, String value);

    String HOST = "server.host";
    String PORT = "server.port";
    String USERNAME = "account.username";
    String REMEMBER = "account.remember";
}
