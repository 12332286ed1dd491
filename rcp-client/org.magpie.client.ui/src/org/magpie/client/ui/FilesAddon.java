package org.magpie.client.ui;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.files.TransferJobs;
import org.magpie.client.ui.login.PreferenceSettings;

/**
 * Images and files in the chats (fragments/files.e4xmi): puts the {@link FilesPresenter} into the
 * application context for the chat parts; its transfers run as Eclipse Jobs ({@link TransferJobs}).
 */
public class FilesAddon {

    @Inject
    UISynchronize sync;

    @Inject
    Messages messages;

    private FilesPresenter files;

    @PostConstruct
    void start(IEclipseContext context, @Optional MessagingService service, @Optional FileTransfers transfers,
            @Optional GroupService groups, @Optional HistoryService histories) {
        if (service == null || transfers == null) {
            return; // no file service: chats without the images' and files' buttons
        }
        files = new FilesPresenter(transfers, service, groups, histories,
                new PreferenceSettings(InstanceScope.INSTANCE.getNode("org.magpie.client.ui")),
                new Texts(messages.locale()), sync::asyncExec, message -> {
                    // a file sent in a private chat shows as the user's own message there
                    MessengerPresenter chats = context.get(MessengerPresenter.class);
                    if (chats != null) {
                        chats.sentElsewhere(message);
                    }
                });
        files.addView(new TransferJobs(files.progress()));
        context.set(FilesPresenter.class, files);
        files.start();
    }

    @PreDestroy
    void stop() {
        if (files != null) {
            files.stop();
        }
    }
}
