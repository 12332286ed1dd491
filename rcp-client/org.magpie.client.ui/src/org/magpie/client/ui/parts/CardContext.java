package org.magpie.client.ui.parts;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.files.FileChooser;

/**
 * What the image and file cards of one chat share: whose chat it is, where it is shown, the
 * presenter, the texts and the cards' colours (disposed with the transcript).
 *
 * @param group whether {@code conversation} is a group
 */
record CardContext(String conversation, boolean group, Transcript transcript, FilesPresenter files, Messages messages,
        FileChooser chooser, Color background, Color dim, Color good, Color bad) {

    private static final RGB CARD = new RGB(0xf3, 0xf6, 0xfa);
    private static final RGB DIM = new RGB(0x60, 0x66, 0x70);
    private static final RGB GOOD = new RGB(0x1a, 0x7f, 0x37);
    private static final RGB BAD = new RGB(0xc0, 0x20, 0x20);

    /** The context of a chat's cards; its colours live as long as the transcript. */
    static CardContext of(String conversation, boolean group, Transcript transcript, FilesPresenter files,
            Messages messages, FileChooser chooser) {
        CardContext context = new CardContext(conversation, group, transcript, files, messages, chooser,
                new Color(CARD), new Color(DIM), new Color(GOOD), new Color(BAD));
        transcript.widget().addListener(org.eclipse.swt.SWT.Dispose, e -> {
            context.background.dispose();
            context.dim.dispose();
            context.good.dispose();
            context.bad.dispose();
        });
        return context;
    }
}
