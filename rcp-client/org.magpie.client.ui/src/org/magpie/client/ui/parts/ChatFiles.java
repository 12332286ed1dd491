package org.magpie.client.ui.parts;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Transfer;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.files.FileChooser;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Images and files in one chat or group chat: the "Send Image…" and "Send File…" buttons, files
 * dropped onto the transcript, the transfers' rows ({@link TransferBar}) and the cards in the
 * transcript ({@link FileCard}). The logic is the {@link FilesPresenter}'s.
 */
public final class ChatFiles implements FilesPresenter.View {

    private final CardContext chat;
    private final FileActions actions;
    private final TransferBar bar;
    private final Button sendImage;
    private final Button sendFile;
    private final List<FileCard> cards = new ArrayList<>();

    /**
     * Adds the buttons and the transfers' rows to {@code grid} (two columns, after the transcript).
     *
     * @param group whether {@code conversation} is a group
     */
    ChatFiles(Composite grid, Transcript transcript, String conversation, boolean group, FilesPresenter files,
            Messages messages, FileChooser chooser) {
        this.chat = CardContext.of(conversation, group, transcript, files, messages, chooser);
        this.actions = new FileActions(chat);

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
        hint.setForeground(chat.dim());

        bar = new TransferBar(grid, files, messages);
        dropTarget(transcript.widget());
        files.addView(this);
        files.transfers(conversation).forEach(bar::show);
        transcript.widget().addListener(SWT.Dispose, e -> files.removeView(this));
    }

    private Button toolButton(Composite tools, String key, Runnable action) {
        Button b = new Button(tools, SWT.PUSH);
        b.setText(chat.messages().get(key));
        b.setToolTipText(chat.messages().get(key + ".tip"));
        b.setData(LoginDialog.FIELD, key);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private void choose(boolean images) {
        List<Path> chosen = chat.chooser().open(chat.transcript().widget().getShell(), images);
        if (!chosen.isEmpty()) {
            send(chosen);
        }
    }

    /** Sends files as if dropped onto the chat. */
    void send(List<Path> chosen) {
        chat.files().send(chat.conversation(), chat.group(), chosen);
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
        if (!chat.files().isFile(text)) {
            return false;
        }
        FileCard card = new FileCard(chat, actions, text.strip(), own);
        if (card.embed(nickname, time, () -> cards.remove(card))) {
            cards.add(card);
            card.load();
        }
        return true;
    }

    // ------------------------------------------------------------------ FilesPresenter.View

    @Override
    public void transferChanged(Transfer t) {
        if (!chat.conversation().equals(t.conversation())) {
            return;
        }
        int rows = bar.rows().size();
        bar.show(t);
        if (bar.rows().size() != rows) {
            chat.transcript().scrollToEnd(); // the transcript got shorter or longer: the newest stays in sight
        }
        FileMessage f = chat.files().fileOf(t);
        if (f != null) {
            List.copyOf(cards).forEach(card -> card.transferChanged(f));
        }
    }

    @Override
    public void filesFailed(String where, String text) {
        if (chat.conversation().equals(where)) {
            chat.transcript().failure(text);
        }
    }

    // ------------------------------------------------------------------ for tests

    public List<FileCard> cards() {
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
