package org.magpie.client.ui.parts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.magpie.client.model.MessageTimes;

/**
 * The transcript of a chat or a group chat: each message shows its sender's nickname and time
 * above the wrapped text, the user's own on the right in another colour, and the client's own
 * lines (failures, group notices) stand in italics. Images and files are controls (cards) that
 * sit in the text in place of an object character, moved there whenever their line is painted. It
 * spans the two columns of its parent's grid.
 */
final class Transcript {

    private static final RGB OWN = new RGB(0x1a, 0x7f, 0x37);
    private static final RGB OTHER = new RGB(0x1f, 0x5f, 0xbf);
    private static final RGB FAILURE = new RGB(0xc0, 0x20, 0x20);
    private static final RGB NOTICE = new RGB(0x80, 0x80, 0x80);
    /** Stands in the text where a card is. */
    private static final String OBJECT = "\uFFFC";

    private final MessageTimes times = new MessageTimes(Clock.systemDefaultZone());
    private final StyledText text;
    private final Color own = new Color(OWN);
    private final Color other = new Color(OTHER);
    private final Color failure = new Color(FAILURE);
    private final Color notice = new Color(NOTICE);
    /** The cards in the text by their offset, with the text {@link #lines()} shows for each. */
    private final Map<Integer, Embedded> embedded = new LinkedHashMap<>();

    /** A card in the transcript. */
    final class Embedded {
        private final int offset;
        private final Control control;
        private final String text;

        private Embedded(int offset, Control control, String text) {
            this.offset = offset;
            this.control = control;
            this.text = text;
        }

        Control control() {
            return control;
        }

        /** The card's content changed (details or a preview arrived): it takes the room it needs now. */
        void resize() {
            if (control.isDisposed() || text().isDisposed()) {
                return;
            }
            boolean following = atEnd();
            place(offset, control);
            if (following) {
                scrollToEnd(); // a card that grows at the bottom stays in sight
            }
        }

        private StyledText text() {
            return Transcript.this.text;
        }
    }

    Transcript(Composite parent) {
        text = new StyledText(parent, SWT.MULTI | SWT.BORDER | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        text.setMargins(8, 6, 8, 6);
        text.setCaret(null);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(text);
        // a card goes where its line is drawn (scrolling moves it with the text's other children)
        text.addPaintObjectListener(e -> {
            if (e.style.data instanceof Control c && !c.isDisposed() && e.style.metrics != null) {
                c.setLocation(e.x, e.y + e.ascent - e.style.metrics.ascent);
            }
        });
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
        clearCards();
        text.setText("");
        fill.run();
    }

    private void clearCards() {
        for (Embedded e : new ArrayList<>(embedded.values())) {
            e.control.dispose();
        }
        embedded.clear();
    }

    /**
     * Adds a message whose content is a card (an image or a file) under the nickname and time, and
     * scrolls to it.
     *
     * @param card makes the card as a child of the given text widget
     * @param line what {@link #lines()} shows for it (the link)
     */
    Embedded card(String senderNickname, Instant time, boolean ownMessage, Function<Composite, Control> card,
            String line) {
        if (text.isDisposed()) {
            return null;
        }
        if (text.getCharCount() > 0) {
            text.append("\n");
        }
        int headerStart = text.getCharCount();
        String head = senderNickname + "  " + times.format(time);
        text.append(head + "\n");
        int offset = text.getCharCount();
        text.append(OBJECT + "\n");
        text.setStyleRange(new StyleRange(headerStart, head.length(), ownMessage ? own : other, null, SWT.BOLD));
        Control control = card.apply(text);
        control.setLocation(-10_000, -10_000); // out of sight until its line is painted
        Embedded e = new Embedded(offset, control, line);
        embedded.put(offset, e);
        place(offset, control);
        int firstLine = text.getLineAtOffset(headerStart);
        int lastLine = text.getLineAtOffset(offset);
        text.setLineAlignment(firstLine, lastLine - firstLine + 1, ownMessage ? SWT.RIGHT : SWT.LEFT);
        scrollToEnd();
        return e;
    }

    /** Gives the card at {@code offset} a glyph of its size, so that the text makes room for it. */
    private void place(int offset, Control control) {
        Point size = control.computeSize(SWT.DEFAULT, SWT.DEFAULT);
        control.setSize(size);
        StyleRange r = new StyleRange();
        r.start = offset;
        r.length = 1;
        r.data = control;
        r.metrics = new GlyphMetrics(size.y + 4, 0, size.x + 4);
        text.setStyleRange(r);
    }

    void scrollToEnd() {
        text.setTopIndex(text.getLineCount() - 1);
        text.setTopPixel(Integer.MAX_VALUE / 2); // clamped to the end: also past a tall card
    }

    /** Whether the last line shows. */
    boolean atEnd() {
        return text.getLinePixel(text.getLineCount() - 1) <= text.getClientArea().height;
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

    /** The transcript's lines, for tests and accessibility (a card as its link). */
    List<String> lines() {
        StringBuilder all = new StringBuilder(text.getText());
        List<Integer> offsets = new ArrayList<>(embedded.keySet());
        offsets.sort(null);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            int at = offsets.get(i);
            if (at < all.length()) {
                all.replace(at, at + 1, embedded.get(at).text);
            }
        }
        return List.of(all.toString().split("\n"));
    }

    /** The cards shown, oldest first. */
    List<Control> cards() {
        return embedded.values().stream().map(Embedded::control).filter(c -> !c.isDisposed()).toList();
    }
}
