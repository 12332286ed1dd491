package org.magpie.client.ui.parts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.magpie.client.model.MessageTimes;

/**
 * The transcript of a chat or a group chat: each message shows its sender's nickname and time
 * above the wrapped text, the user's own on the right in another colour, and the client's own
 * lines (failures, group notices) stand in italics. It spans the two columns of its parent's grid.
 */
final class Transcript {

    private static final RGB OWN = new RGB(0x1a, 0x7f, 0x37);
    private static final RGB OTHER = new RGB(0x1f, 0x5f, 0xbf);
    private static final RGB FAILURE = new RGB(0xc0, 0x20, 0x20);
    private static final RGB NOTICE = new RGB(0x80, 0x80, 0x80);

    private final MessageTimes times = new MessageTimes(Clock.systemDefaultZone());
    private final StyledText text;
    private final Color own = new Color(OWN);
    private final Color other = new Color(OTHER);
    private final Color failure = new Color(FAILURE);
    private final Color notice = new Color(NOTICE);

    Transcript(Composite parent) {
        text = new StyledText(parent, SWT.MULTI | SWT.BORDER | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        text.setMargins(8, 6, 8, 6);
        text.setCaret(null);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(text);
        text.addListener(SWT.Dispose, e -> {
            own.dispose();
            other.dispose();
            failure.dispose();
            notice.dispose();
        });
    }

    StyledText widget() {
        return text;
    }

    boolean isDisposed() {
        return text.isDisposed();
    }

    /** Calls {@code older} whenever the user scrolls (bar, wheel or keys) and the top is showing. */
    void whenScrolledToTop(Runnable older) {
        text.getVerticalBar().addListener(SWT.Selection, e -> older.run());
        text.addListener(SWT.MouseVerticalWheel, e -> older.run());
        text.addListener(SWT.KeyUp, e -> older.run());
    }

    /** Whether the first line shows, so that older history may come in above it. */
    boolean atTop() {
        return !text.isDisposed() && text.getTopIndex() == 0;
    }

    /**
     * Clears the transcript and has {@code fill} write it again with older lines above, keeping
     * what the user was reading in place.
     */
    void refillKeepingPlace(Runnable fill) {
        int linesBefore = text.getLineCount();
        int topBefore = text.getTopIndex();
        refill(fill);
        text.setTopIndex(topBefore + text.getLineCount() - linesBefore);
    }

    /** Clears the transcript and has {@code fill} write it again. */
    void refill(Runnable fill) {
        text.setText("");
        fill.run();
    }

    void scrollToEnd() {
        text.setTopIndex(text.getLineCount() - 1);
    }

    /** Adds a message at the end and scrolls to it. */
    void message(String senderNickname, Instant time, String body, boolean ownMessage) {
        if (text.isDisposed()) {
            return;
        }
        if (text.getCharCount() > 0) {
            text.append("\n");
        }
        int headerStart = text.getCharCount();
        String head = senderNickname + "  " + times.format(time);
        text.append(head + "\n");
        int textStart = text.getCharCount();
        text.append(body + "\n");
        text.setStyleRange(new StyleRange(headerStart, head.length(), ownMessage ? own : other, null, SWT.BOLD));
        int firstLine = text.getLineAtOffset(headerStart);
        int lastLine = text.getLineAtOffset(Math.max(textStart, text.getCharCount() - 1));
        // own messages on the right, others on the left, as people know it from other messengers
        text.setLineAlignment(firstLine, lastLine - firstLine + 1, ownMessage ? SWT.RIGHT : SWT.LEFT);
        scrollToEnd();
    }

    /** A line from the client itself in red, e.g. that a message could not be delivered. */
    void failure(String line) {
        line(line, failure, SWT.LEFT);
    }

    /** A group notice such as "Bob joined the group", centred in grey. */
    void notice(String line) {
        line(line, notice, SWT.CENTER);
    }

    private void line(String line, Color colour, int alignment) {
        if (text.isDisposed()) {
            return;
        }
        if (text.getCharCount() > 0) {
            text.append("\n");
        }
        int start = text.getCharCount();
        text.append(line + "\n");
        text.setStyleRange(new StyleRange(start, line.length(), colour, null, SWT.ITALIC));
        text.setLineAlignment(text.getLineAtOffset(start), 1, alignment);
        scrollToEnd();
    }

    /** The transcript's lines, for tests and accessibility. */
    List<String> lines() {
        return List.of(text.getText().split("\n"));
    }
}
