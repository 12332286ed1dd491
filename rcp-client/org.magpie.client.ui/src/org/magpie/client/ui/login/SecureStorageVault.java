package org.magpie.client.ui.login;

import java.io.IOException;
import java.util.Optional;

import org.eclipse.core.runtime.ILog;
import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.StorageException;
import org.magpie.client.model.CredentialVault;

/**
 * Remembered passwords in Eclipse secure storage, encrypted with the operating system's key store
 * where the platform has one (Windows, macOS keychain, Linux secret service). When no encryption
 * is available the password is simply not remembered: it is never written in plain text.
 */
final class SecureStorageVault implements CredentialVault {

    private static final ILog LOG = ILog.of(SecureStorageVault.class);

    private final ISecurePreferences root;

    SecureStorageVault(ISecurePreferences root) {
        this.root = root;
    }

    private ISecurePreferences node(String server, String username) {
        // node names may not contain '/': encode the key
        return root.node("org.magpie.client").node(EncodingUtils.encodeSlashes(server + "|" + username));
    }

    @Override
    public Optional<String> password(String server, String username) {
        if (root == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(node(server, username).get("password", null));
        } catch (StorageException e) {
            LOG.warn("cannot read the remembered password", e);
            return Optional.empty();
        }
    }

    @Override
    public void store(String server, String username, String password) {
        if (root == null) {
            return;
        }
        try {
            node(server, username).put("password", password, true);
            root.flush();
        } catch (StorageException | IOException e) {
            forget(server, username);
            LOG.warn("the password cannot be remembered: secure storage is not available here", e);
        }
    }

    @Override
    public void forget(String server, String username) {
        if (root == null) {
            return;
        }
        try {
            node(server, username).removeNode();
            root.flush();
        } catch (IOException | IllegalStateException e) {
            LOG.warn("cannot forget the remembered password", e);
        }
    }
}
