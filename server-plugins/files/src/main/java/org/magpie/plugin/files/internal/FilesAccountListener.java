package org.magpie.plugin.files.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account's files go with it: nobody can download them afterwards. */
@Component(service = AccountListener.class)
public final class FilesAccountListener implements AccountListener {

    private final ComponentServiceObjects<FileService> files;

    /**
     * The file service is taken per event: the account service binds this listener while it
     * activates, and the file service needs the account service's deletion record, so taking it
     * here would be a cycle.
     */
    @Activate
    public FilesAccountListener(@Reference ComponentServiceObjects<FileService> files) {
        this.files = files;
    }

    @Override
    public void accountDeleted(String username) {
        FileService service = files.getService();
        try {
            service.accountDeleted(username);
        } finally {
            files.ungetService(service);
        }
    }
}
