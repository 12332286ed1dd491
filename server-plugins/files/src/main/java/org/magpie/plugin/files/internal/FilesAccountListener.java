package org.magpie.plugin.files.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account's files go with it: nobody can download them afterwards. */
@Component(service = AccountListener.class)
public final class FilesAccountListener implements AccountListener {

    private final FileService files;

    @Activate
    public FilesAccountListener(@Reference FileService files) {
        this.files = files;
    }

    @Override
    public void accountDeleted(String username) {
        files.accountDeleted(username);
    }
}
