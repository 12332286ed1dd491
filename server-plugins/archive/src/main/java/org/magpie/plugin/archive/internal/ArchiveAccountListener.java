package org.magpie.plugin.archive.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account takes its history, offline messages and inbox with it. */
@Component(service = AccountListener.class)
public final class ArchiveAccountListener implements AccountListener {

    private final ArchiveEngine engine;

    @Activate
    public ArchiveAccountListener(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public void accountDeleted(String username) {
        engine.deletions().accountDeleted(username);
    }
}
