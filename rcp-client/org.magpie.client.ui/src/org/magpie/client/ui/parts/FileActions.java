package org.magpie.client.ui.parts;

import java.nio.file.Path;

import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Display;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;
import org.magpie.client.ui.files.ForwardDialog;
import org.magpie.client.ui.files.ImageWindow;

/**
 * What the user does with a card's file: download it (asking where), open an image at full size
 * in its own window, forward it to a friend or a group. Outcomes go to the chat's transcript.
 */
final class FileActions {

    private final CardContext chat;

    FileActions(CardContext chat) {
        this.chat = chat;
    }

    void download(FileMessage file) {
        FilesPresenter files = chat.files();
        Path target = chat.chooser().save(chat.transcript().widget().getShell(), file.name(), files.suggestedFolder());
        if (target != null) {
            files.download(file, chat.conversation(), chat.group(), target);
        }
    }

    void open(FileMessage file) {
        Transcript transcript = chat.transcript();
        FilesPresenter files = chat.files();
        Path folder;
        try {
            folder = files.viewingFolder(); // this user's alone: nobody else can read the images or plant links there
        } catch (ServiceException e) {
            transcript.failure(files.failureText(e));
            return;
        }
        Display display = transcript.widget().getDisplay();
        files.fullImage(file, chat.conversation(), chat.group(), folder).whenComplete((path, failure) -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (failure != null) {
                transcript.failure(files.failureText(failure));
                return;
            }
            // its size was checked from its header; decoding it still takes a while: not on the UI thread
            ImageDecoding.decodeThen(display, chat.messages().get("files.image.decoding"), () -> ImageWindow.decode(path),
                    data -> {
                        if (transcript.isDisposed()) {
                            return;
                        }
                        if (data == null) {
                            transcript.failure(chat.messages().get("files.image.notShown"));
                        } else {
                            ImageWindow.open(transcript.widget().getShell(), path, file.name(), data);
                        }
                    });
        });
    }

    void forward(FileMessage file) {
        Transcript transcript = chat.transcript();
        ForwardDialog dialog = new ForwardDialog(transcript.widget().getShell(), chat.messages(), chat.files(), file.name(),
                chat.conversation());
        if (dialog.open() != Window.OK || dialog.chosen() == null) {
            return;
        }
        chat.files().forward(file, dialog.chosen(), (ok, text) -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (ok) {
                transcript.notice(text);
            } else {
                transcript.failure(text);
            }
        });
    }
}
