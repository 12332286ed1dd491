package org.magpie.client.ui.parts;

import java.time.Instant;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.Previews;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.MessageKind;
import org.magpie.client.ui.login.LoginDialog;

/**
 * An image or a file shown in the transcript: an image as its preview (click: full size), a file
 * with its name, size and a Download button, both with a status line that tells how the download
 * and its SHA-256 check went, and a right-click menu ({@link FileActions}).
 */
public final class FileCard {

    /** Previews fit in this box (pixels), never enlarged. */
    static final int PREVIEW_WIDTH = 240;
    static final int PREVIEW_HEIGHT = 180;

    private final CardContext chat;
    private final FileActions actions;
    private final String url;
    private final boolean own;
    private FileMessage file;
    private Composite composite;
    private Transcript.Embedded embedded;
    private Label preview;
    private Label status;
    private Button download;
    private Image image;

    FileCard(CardContext chat, FileActions actions, String url, boolean own) {
        this.chat = chat;
        this.actions = actions;
        this.url = url;
        this.own = own;
    }

    /**
     * Puts the card into the transcript, saying that it loads; false when the transcript did not
     * take it. {@code disposed} runs when the card goes.
     */
    boolean embed(String nickname, Instant time, Runnable disposed) {
        embedded = chat.transcript().card(nickname, time, own, styled -> {
            composite = new Composite(styled, SWT.BORDER);
            composite.setBackground(chat.background());
            composite.setBackgroundMode(SWT.INHERIT_FORCE);
            GridLayoutFactory.swtDefaults().margins(8, 6).spacing(8, 3).applyTo(composite);
            label(chat.files().kind(url) == MessageKind.IMAGE
                    ? chat.messages().get("files.image.loading") : Previews.cut(FileMessage.nameOf(url), 40), null);
            return composite;
        }, url);
        if (embedded == null) {
            return false;
        }
        composite.addListener(SWT.Dispose, e -> {
            disposed.run();
            if (image != null) {
                image.dispose();
            }
        });
        return true;
    }

    /** Asks for the file's details, then shows it as an image or a file, or why it is not available. */
    void load() {
        chat.files().describe(url, chat.conversation(), chat.group(), (f, failure) -> {
            if (composite.isDisposed()) {
                return;
            }
            file = f;
            if (f == null) {
                unavailable(failure);
            } else if (f.isImage()) {
                showImage();
            } else {
                showFile();
            }
        });
    }

    /** A transfer of {@code f} moved on: the status line follows when the card shows it. */
    void transferChanged(FileMessage f) {
        if (url.equals(f.url()) && status != null && !status.isDisposed()) {
            showStatus();
            resize();
        }
    }

    private void unavailable(String failure) {
        clear();
        label(url, null);
        label(chat.messages().get("files.unavailable", failure == null ? "" : failure), chat.dim());
        resize();
    }

    private void showImage() {
        clear();
        FilesPresenter files = chat.files();
        preview = new Label(composite, SWT.NONE);
        preview.setText(files.cards().shortForm(file));
        preview.setCursor(composite.getDisplay().getSystemCursor(SWT.CURSOR_HAND));
        preview.setToolTipText(chat.messages().get("files.open.tip"));
        preview.addListener(SWT.MouseUp, e -> {
            if (e.button == 1) {
                actions.open(file);
            }
        });
        GridDataFactory.swtDefaults().applyTo(preview);
        String caption = files.cards().imageCaption(file);
        label(Previews.cut(file.name(), 40) + (caption.isEmpty() ? "" : " \u00b7 " + caption), chat.dim());
        status = label(files.downloadText(url), null);
        showStatus();
        menu();
        resize();
        files.preview(file, chat.conversation(), chat.group(), bytes -> {
            if (!composite.isDisposed()) {
                showPreview(bytes);
            }
        });
    }

    private void showPreview(byte[] bytes) {
        if (bytes == null) {
            String refused = chat.files().previewRefused(url);
            if (refused != null && preview != null && !preview.isDisposed()) {
                preview.setText(refused);
                resize();
            }
            return;
        }
        Display display = composite.getDisplay();
        ImageDecoding.decodeThen(display, chat.messages().get("files.image.decoding"),
                () -> ImageDecoding.decode(bytes, PREVIEW_WIDTH, PREVIEW_HEIGHT), data -> {
                    if (data == null || composite.isDisposed() || preview == null || preview.isDisposed()) {
                        return; // not an image SWT knows: the caption says what it is
                    }
                    image = new Image(display, data);
                    preview.setText("");
                    preview.setImage(image);
                    resize();
                });
    }

    private void showFile() {
        clear();
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 8).spacing(10, 3).applyTo(composite);
        Label name = label(Previews.cut(file.name(), 40), null);
        name.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        name.setToolTipText(file.name());
        GridDataFactory.swtDefaults().span(2, 1).applyTo(name);
        Label details = label(chat.files().cards().details(file), chat.dim());
        GridDataFactory.swtDefaults().span(2, 1).applyTo(details);
        download = new Button(composite, SWT.PUSH);
        download.setText(chat.messages().get("files.download"));
        download.setToolTipText(chat.messages().get("files.download.tip"));
        download.setData(LoginDialog.FIELD, "files.download");
        download.addListener(SWT.Selection, e -> actions.download(file));
        status = label(chat.files().downloadText(url), null);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(300, SWT.DEFAULT).applyTo(status);
        showStatus();
        menu();
        resize();
    }

    private void menu() {
        Menu menu = new Menu(composite);
        if (file.isImage()) {
            item(menu, "files.open", () -> actions.open(file));
        }
        item(menu, file.isImage() ? "files.saveAs" : "files.download", () -> actions.download(file));
        item(menu, "files.forward", () -> actions.forward(file));
        composite.setMenu(menu);
        for (Control c : composite.getChildren()) {
            c.setMenu(menu);
        }
    }

    private void item(Menu menu, String key, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(chat.messages().get(key));
        item.setData(LoginDialog.FIELD, key);
        item.addListener(SWT.Selection, e -> action.run());
    }

    private void clear() {
        for (Control c : composite.getChildren()) {
            c.dispose();
        }
        preview = null;
        status = null;
        download = null;
    }

    private Label label(String text, Color colour) {
        Label l = new Label(composite, SWT.WRAP);
        l.setText(text);
        if (colour != null) {
            l.setForeground(colour);
        }
        return l;
    }

    private void resize() {
        composite.layout(true, true);
        embedded.resize();
    }

    /** The status line under a card: progress, the SHA-256 verdict (green) or a failure (red); hidden when empty. */
    private void showStatus() {
        if (status == null || status.isDisposed()) {
            return;
        }
        String text = chat.files().downloadText(url);
        status.setText(text);
        Boolean verified = chat.files().downloadVerified(url);
        status.setForeground(verified == null ? null : verified ? chat.good() : chat.bad());
        if (status.getLayoutData() == null) {
            GridDataFactory.swtDefaults().applyTo(status);
        }
        ((GridData) status.getLayoutData()).exclude = text.isEmpty();
        status.setVisible(!text.isEmpty());
    }

    // ------------------------------------------------------------------ for tests

    /** Whether this user sent it. */
    public boolean own() {
        return own;
    }

    public FileMessage file() {
        return file;
    }

    public Label preview() {
        return preview;
    }

    public Label status() {
        return status;
    }

    public Button download() {
        return download;
    }

    public Composite composite() {
        return composite;
    }
}
