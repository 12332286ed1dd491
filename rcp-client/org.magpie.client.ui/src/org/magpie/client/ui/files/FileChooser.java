package org.magpie.client.ui.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.ui.Messages;

/**
 * Asks the user which files to send and where to save one. The chat parts take the one in their
 * context (tests put their own there), else {@link #dialogs(Messages)}, the system's file dialogs.
 */
public interface FileChooser {

    /** Image files the "Send Image" dialog offers. */
    String IMAGES = "*.png;*.jpg;*.jpeg;*.gif;*.bmp;*.webp;*.PNG;*.JPG;*.JPEG;*.GIF;*.BMP;*.WEBP";

    /** Files to send (none when the user cancelled). */
    List<Path> open(Shell shell, boolean images);

    /** Where to save {@code name}, starting in {@code folder}; null when the user cancelled. */
    Path save(Shell shell, String name, Path folder);

    /** The system's file dialogs. */
    static FileChooser dialogs(Messages messages) {
        return new FileChooser() {
            @Override
            public List<Path> open(Shell shell, boolean images) {
                FileDialog d = new FileDialog(shell, SWT.OPEN | SWT.MULTI);
                d.setText(messages.get(images ? "files.sendImage.window" : "files.sendFile.window"));
                if (images) {
                    d.setFilterExtensions(new String[] { IMAGES, "*" });
                    d.setFilterNames(new String[] { messages.get("files.filter.images"), messages.get("files.filter.all") });
                }
                if (d.open() == null) {
                    return List.of();
                }
                List<Path> chosen = new ArrayList<>();
                for (String name : d.getFileNames()) {
                    chosen.add(Path.of(d.getFilterPath(), name));
                }
                return chosen;
            }

            @Override
            public Path save(Shell shell, String name, Path folder) {
                FileDialog d = new FileDialog(shell, SWT.SAVE);
                d.setText(messages.get("files.save.window", name));
                d.setFilterPath(folder.toString());
                d.setFileName(name);
                d.setOverwrite(true);
                String chosen = d.open();
                return chosen == null ? null : Path.of(chosen);
            }
        };
    }
}
