package org.magpie.client.ui.parts;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.RowLayout;
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
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.files.FileChooser;
import org.magpie.client.ui.files.ForwardDialog;
import org.magpie.client.ui.files.ImageWindow;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Images and files in one chat or group chat: the "Send Image…" and "Send File…" buttons, files
 * dropped onto the transcript, the transfers' rows ({@link TransferBar}), and the cards in the
 * transcript: an image as its preview (click: full size), a file with its name, size and a
 * Download button that tells how the SHA-256 check went; both forward on right-click. The logic
 * is the {@link FilesPresenter}'s.
 */
public final class ChatFiles implements FilesPresenter.View {

    /** Previews fit in this box (pixels), never enlarged. */
    static final int PREVIEW_WIDTH = 240;
    static final int PREVIEW_HEIGHT = 180;
    private static final RGB CARD = new RGB(0xf3, 0xf6, 0xfa);
    private static final RGB DIM = new RGB(0x60, 0x66, 0x70);
    private static final RGB GOOD = new RGB(0x1a, 0x7f, 0x37);
    private static final RGB BAD = new RGB(0xc0, 0x20, 0x20);

    private final Transcript transcript;
    private final String conversation;
    private final boolean group;
    private final FilesPresenter files;
    private final Messages messages;
    private final FileChooser chooser;
    private final TransferBar bar;
    private final Button sendImage;
    private final Button sendFile;
    private final List<Card> cards = new ArrayList<>();
    private final Color background = new Color(CARD);
    private final Color dim = new Color(DIM);
    private final Color good = new Color(GOOD);
    private final Color bad = new Color(BAD);

    /** An image or a file shown in the transcript. */
    public final class Card {
        final String url;
        final boolean own;
        FileMessage file;
        Composite composite;
        Transcript.Embedded embedded;
        Label preview;
        Label status;
        Button download;
        Image image;

        Card(String url, boolean own) {
            this.url = url;
            this.own = own;
        }

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

    /**
     * Adds the buttons and the transfers' rows to {@code grid} (two columns, after the transcript).
     *
     * @param group whether {@code conversation} is a group
     */
    ChatFiles(Composite grid, Transcript transcript, String conversation, boolean group, FilesPresenter files,
            Messages messages, FileChooser chooser) {
        this.transcript = transcript;
        this.conversation = conversation;
        this.group = group;
        this.files = files;
        this.messages = messages;
        this.chooser = chooser;

        Composite tools = new Composite(grid, SWT.NONE);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.marginLeft = 0;
        row.marginTop = 2;
        row.marginBottom = 0;
        row.spacing = 6;
        row.center = true;
        tools.setLayout(row);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(tools);
        sendImage = toolButton(tools, "files.sendImage", () -> choose(true));
        sendFile = toolButton(tools, "files.sendFile", () -> choose(false));
        Label hint = new Label(tools, SWT.NONE);
        hint.setText(messages.get("files.drop.hint"));
        hint.setForeground(dim);

        bar = new TransferBar(grid, files, messages);
        dropTarget(transcript.widget());
        files.addView(this);
        files.transfers(conversation).forEach(bar::show);
        transcript.widget().addListener(SWT.Dispose, e -> {
            files.removeView(this);
            background.dispose();
            dim.dispose();
            good.dispose();
            bad.dispose();
        });
    }

    private Button toolButton(Composite tools, String key, Runnable action) {
        Button b = new Button(tools, SWT.PUSH);
        b.setText(messages.get(key));
        b.setToolTipText(messages.get(key + ".tip"));
        b.setData(LoginDialog.FIELD, key);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private void choose(boolean images) {
        List<Path> chosen = chooser.open(transcript.widget().getShell(), images);
        if (!chosen.isEmpty()) {
            send(chosen);
        }
    }

    /** Sends files as if dropped onto the chat. */
    void send(List<Path> chosen) {
        files.send(conversation, group, chosen);
    }

    private void dropTarget(Control control) {
        try {
            DropTarget target = new DropTarget(control, DND.DROP_COPY | DND.DROP_MOVE | DND.DROP_DEFAULT);
            target.setTransfer(FileTransfer.getInstance());
            target.addDropListener(new DropTargetAdapter() {
                @Override
                public void dragEnter(DropTargetEvent e) {
                    if (e.detail == DND.DROP_DEFAULT || e.detail == DND.DROP_MOVE) {
                        e.detail = (e.operations & DND.DROP_COPY) != 0 ? DND.DROP_COPY : DND.DROP_NONE;
                    }
                }

                @Override
                public void drop(DropTargetEvent e) {
                    if (e.data instanceof String[] names) {
                        List<Path> dropped = new ArrayList<>();
                        for (String n : names) {
                            dropped.add(Path.of(n));
                        }
                        send(dropped);
                    }
                }
            });
        } catch (SWTException taken) {
            // the widget has a drop target of its own already: files come through the buttons then
            ILog.of(ChatFiles.class).warn("no drop target for files on " + control, taken);
        }
    }

    // ------------------------------------------------------------------ cards

    /** Shows a message in a transcript: as an image or a file card when it is one and files are served, else as text. */
    static void show(ChatFiles files, Transcript transcript, String nickname, Instant time, String text, boolean own) {
        if (files == null || !files.show(nickname, time, text, own)) {
            transcript.message(nickname, time, text, own);
        }
    }

    /**
     * Shows a message as an image or a file card when it is one (else returns false and the caller
     * shows it as text).
     */
    boolean show(String nickname, Instant time, String text, boolean own) {
        if (!files.isFile(text)) {
            return false;
        }
        String url = text.strip();
        Card card = new Card(url, own);
        card.embedded = transcript.card(nickname, time, own, styled -> {
            card.composite = new Composite(styled, SWT.BORDER);
            card.composite.setBackground(background);
            card.composite.setBackgroundMode(SWT.INHERIT_FORCE);
            GridLayoutFactory.swtDefaults().margins(8, 6).spacing(8, 3).applyTo(card.composite);
            label(card.composite, files.kind(url) == org.magpie.client.service.MessageKind.IMAGE
                    ? messages.get("files.image.loading") : Previews.cut(FileMessage.nameOf(url), 40), null);
            return card.composite;
        }, url);
        if (card.embedded == null) {
            return true;
        }
        cards.add(card);
        card.composite.addListener(SWT.Dispose, e -> {
            cards.remove(card);
            if (card.image != null) {
                card.image.dispose();
            }
        });
        files.describe(url, conversation, group, (f, failure) -> {
            if (card.composite.isDisposed()) {
                return;
            }
            card.file = f;
            if (f == null) {
                unavailable(card, failure);
            } else if (f.isImage()) {
                image(card);
            } else {
                file(card);
            }
        });
        return true;
    }

    private void unavailable(Card card, String failure) {
        clear(card);
        label(card.composite, card.url, null);
        label(card.composite, messages.get("files.unavailable", failure == null ? "" : failure), dim);
        resize(card);
    }

    private void image(Card card) {
        clear(card);
        FileMessage f = card.file;
        card.preview = new Label(card.composite, SWT.NONE);
        card.preview.setText(files.cards().shortForm(f));
        card.preview.setCursor(card.composite.getDisplay().getSystemCursor(SWT.CURSOR_HAND));
        card.preview.setToolTipText(messages.get("files.open.tip"));
        card.preview.addListener(SWT.MouseUp, e -> {
            if (e.button == 1) {
                open(card);
            }
        });
        GridDataFactory.swtDefaults().applyTo(card.preview);
        String caption = files.cards().imageCaption(f);
        label(card.composite, Previews.cut(f.name(), 40) + (caption.isEmpty() ? "" : " \u00b7 " + caption), dim);
        card.status = label(card.composite, files.downloadText(card.url), null);
        showStatus(card);
        menu(card);
        resize(card);
        files.preview(f, conversation, group, bytes -> {
            if (card.composite.isDisposed()) {
                return;
            }
            if (bytes == null) {
                String refused = files.previewRefused(card.url);
                if (refused != null && card.preview != null && !card.preview.isDisposed()) {
                    card.preview.setText(refused);
                    resize(card);
                }
                return;
            }
            Display display = card.composite.getDisplay();
            // decoding and scaling take a while for a large image: never on the UI thread
            decodeThen(display, () -> decode(bytes, PREVIEW_WIDTH, PREVIEW_HEIGHT), data -> {
                if (data == null || card.composite.isDisposed() || card.preview == null || card.preview.isDisposed()) {
                    return; // not an image SWT knows: the caption says what it is
                }
                card.image = new Image(display, data);
                card.preview.setText("");
                card.preview.setImage(card.image);
                resize(card);
            });
        });
    }

    /**
     * Decodes an image in a system job (decoding and scaling a large one takes a while: never on the
     * UI thread), then hands the result, or null, to {@code shown} on the UI thread.
     */
    private static void decodeThen(Display display, Supplier<ImageData> decoding, Consumer<ImageData> shown) {
        Job job = Job.create("Decoding an image", monitor -> {
            ImageData data = decoding.get();
            if (!display.isDisposed()) {
                display.asyncExec(() -> shown.accept(data));
            }
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Decodes an image (its size was checked from its header) scaled to fit the box; null when SWT cannot read it. */
    static ImageData decode(byte[] bytes, int width, int height) {
        try {
            ImageData data = new ImageData(new ByteArrayInputStream(bytes));
            double scale = Math.min(1.0, Math.min(width / (double) data.width, height / (double) data.height));
            if (scale < 1.0) {
                data = data.scaledTo(Math.max(1, (int) (data.width * scale)), Math.max(1, (int) (data.height * scale)));
            }
            return data;
        } catch (SWTException | IllegalArgumentException notAnImage) {
            return null;
        }
    }

    private void file(Card card) {
        clear(card);
        FileMessage f = card.file;
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 8).spacing(10, 3).applyTo(card.composite);
        Label name = label(card.composite, Previews.cut(f.name(), 40), null);
        name.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        name.setToolTipText(f.name());
        GridDataFactory.swtDefaults().span(2, 1).applyTo(name);
        Label details = label(card.composite, files.cards().details(f), dim);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(details);
        card.download = new Button(card.composite, SWT.PUSH);
        card.download.setText(messages.get("files.download"));
        card.download.setToolTipText(messages.get("files.download.tip"));
        card.download.setData(LoginDialog.FIELD, "files.download");
        card.download.addListener(SWT.Selection, e -> download(card));
        card.status = label(card.composite, files.downloadText(card.url), null);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(300, SWT.DEFAULT).applyTo(card.status);
        showStatus(card);
        menu(card);
        resize(card);
    }

    private void menu(Card card) {
        Menu menu = new Menu(card.composite);
        FileMessage f = card.file;
        if (f.isImage()) {
            item(menu, "files.open", () -> open(card));
        }
        item(menu, f.isImage() ? "files.saveAs" : "files.download", () -> download(card));
        item(menu, "files.forward", () -> forward(card));
        card.composite.setMenu(menu);
        for (Control c : card.composite.getChildren()) {
            c.setMenu(menu);
        }
    }

    private static void item(Menu menu, String key, Runnable action, Messages messages) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(messages.get(key));
        item.setData(LoginDialog.FIELD, key);
        item.addListener(SWT.Selection, e -> action.run());
    }

    private void item(Menu menu, String key, Runnable action) {
        item(menu, key, action, messages);
    }

    private void clear(Card card) {
        for (Control c : card.composite.getChildren()) {
            c.dispose();
        }
        card.preview = null;
        card.status = null;
        card.download = null;
    }

    private Label label(Composite parent, String text, Color colour) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        if (colour != null) {
            l.setForeground(colour);
        }
        return l;
    }

    private void resize(Card card) {
        card.composite.layout(true, true);
        card.embedded.resize();
    }

    /** The status line under a card: progress, the SHA-256 verdict (green) or a failure (red); hidden when empty. */
    private void showStatus(Card card) {
        if (card.status == null || card.status.isDisposed()) {
            return;
        }
        String text = files.downloadText(card.url);
        card.status.setText(text);
        Boolean verified = files.downloadVerified(card.url);
        card.status.setForeground(verified == null ? null : verified ? good : bad);
        Object data = card.status.getLayoutData();
        if (data == null) {
            GridDataFactory.swtDefaults().applyTo(card.status);
            data = card.status.getLayoutData();
        }
        ((org.eclipse.swt.layout.GridData) data).exclude = text.isEmpty();
        card.status.setVisible(!text.isEmpty());
    }

    private void download(Card card) {
        if (card.file == null) {
            return;
        }
        Path target = chooser.save(transcript.widget().getShell(), card.file.name(), files.suggestedFolder());
        if (target != null) {
            files.download(card.file, conversation, group, target);
        }
    }

    private void open(Card card) {
        if (card.file == null) {
            return;
        }
        Path folder;
        try {
            folder = files.viewingFolder(); // this user's alone: nobody else can read the images or plant links there
        } catch (ServiceException e) {
            transcript.failure(files.failureText(e));
            return;
        }
        Display display = transcript.widget().getDisplay();
        files.fullImage(card.file, conversation, group, folder).whenComplete((path, failure) -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (failure != null) {
                transcript.failure(files.failureText(failure));
                return;
            }
            // its size was checked from its header; decoding it still takes a while: not on the UI thread
            decodeThen(display, () -> ImageWindow.decode(path), data -> {
                if (transcript.isDisposed()) {
                    return;
                }
                if (data == null) {
                    transcript.failure(messages.get("files.image.notShown"));
                } else {
                    ImageWindow.open(transcript.widget().getShell(), path, card.file.name(), data);
                }
            });
        });
    }

    private void forward(Card card) {
        if (card.file == null) {
            return;
        }
        ForwardDialog dialog = new ForwardDialog(transcript.widget().getShell(), messages, files, card.file.name(),
                conversation);
        if (dialog.open() == Window.OK && dialog.chosen() != null) {
            files.forward(card.file, dialog.chosen(), forwarded());
        }
    }

    private BiConsumer<Boolean, String> forwarded() {
        return (ok, text) -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (ok) {
                transcript.notice(text);
            } else {
                transcript.failure(text);
            }
        };
    }

    // ------------------------------------------------------------------ FilesPresenter.View

    @Override
    public void transferChanged(Transfer t) {
        if (!conversation.equals(t.conversation())) {
            return;
        }
        int rows = bar.rows().size();
        bar.show(t);
        if (bar.rows().size() != rows) {
            transcript.scrollToEnd(); // the transcript got shorter or longer: the newest stays in sight
        }
        FileMessage f = files.fileOf(t);
        if (f != null) {
            for (Card card : List.copyOf(cards)) {
                if (card.url.equals(f.url()) && card.status != null && !card.status.isDisposed()) {
                    showStatus(card);
                    resize(card);
                }
            }
        }
    }

    @Override
    public void filesFailed(String where, String text) {
        if (conversation.equals(where)) {
            transcript.failure(text);
        }
    }

    // ------------------------------------------------------------------ for tests

    public List<Card> cards() {
        return List.copyOf(cards);
    }

    public TransferBar bar() {
        return bar;
    }

    public Button sendImage() {
        return sendImage;
    }

    public Button sendFile() {
        return sendFile;
    }
}
