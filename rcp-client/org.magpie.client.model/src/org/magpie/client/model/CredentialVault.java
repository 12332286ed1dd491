package org.magpie.client.model;

import java.util.Optional;

/**
 * Where a remembered password is kept: encrypted (Eclipse secure storage in the product), never
 * in plain preferences.
 */
public interface CredentialVault {

    Optional<String> password(String server, String username);

    void store(String server, String username, String password);

    void forget(String server, String username);
}
