package org.magpie.client.ui.inbox;

import java.util.function.Function;

import org.eclipse.jface.viewers.OwnerDrawLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.TextLayout;
import org.eclipse.swt.graphics.TextStyle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.jface.resource.JFaceResources;
import org.magpie.client.model.InboxPresenter;

/**
 * A row of the contacts view with what the inbox knows: the usual line (nickname or group name
 * and details), under it the latest message's one-line preview in grey, and on the right the
 * unread count as a red badge. Drawn by hand, as a table row has one line of text; the item's text
 * stays the first line (for accessibility and tests).
 *
 * @param <T> the rows' element type (a contact or a group)
 */
public final class InboxRows<T> extends OwnerDrawLabelProvider {

    static final RGB BADGE = new RGB(0xe0, 0x30, 0x30);
    static final RGB PREVIEW = new RGB(0x80, 0x80, 0x80);
    static final RGB SELECTED = new RGB(0xd6, 0xe6, 0xfa);
    private static final int PAD = 4;

    private final Class<T> type;
    private final InboxPresenter inbox;
    private final Function<T, String> address;
    private final Function<T, StyledString> line;
    private final Function<T, Color> colour;
    private final Color badge;
    private final Color preview;
    private final Color selected;
    private final Color white;
    private final Font bold;

    /**
     * @param inbox   the counts and previews
     * @param address an element's conversation address
     * @param line    an element's first line, styled
     * @param colour  an element's main colour (the item's foreground)
     */
    public InboxRows(Display display, Class<T> type, InboxPresenter inbox, Function<T, String> address,
            Function<T, StyledString> line, Function<T, Color> colour) {
        this.type = type;
        this.inbox = inbox;
        this.address = address;
        this.line = line;
        this.colour = colour;
        this.badge = new Color(display, BADGE);
        this.preview = new Color(display, PREVIEW);
        this.selected = new Color(display, SELECTED);
        this.white = display.getSystemColor(SWT.COLOR_WHITE);
        this.bold = JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT);
    }

    @Override
    public void update(ViewerCell cell) {
        T element = type.cast(cell.getElement());
        cell.setText(line.apply(element).getString());
        cell.setForeground(colour.apply(element));
        super.update(cell);
    }

    /** A row's height for a font of this line height: two lines and some air. */
    public static int rowHeight(int line) {
        return 2 * line + 3 * PAD;
    }

    @Override
    protected void measure(Event event, Object element) {
        event.height = Math.max(event.height, rowHeight(event.gc.getFontMetrics().getHeight()));
    }

    @Override
    protected void erase(Event event, Object element) {
        if ((event.detail & SWT.SELECTED) != 0) {
            // a light selection of our own: the blue names and the red badge stay readable
            Rectangle area = ((Table) event.widget).getClientArea();
            Color was = event.gc.getBackground();
            event.gc.setBackground(selected);
            event.gc.fillRectangle(area.x, event.y, area.width, event.height);
            event.gc.setBackground(was);
            event.detail &= ~(SWT.SELECTED | SWT.BACKGROUND);
        }
        event.detail &= ~(SWT.FOREGROUND | SWT.HOT);
    }

    @Override
    protected void paint(Event event, Object element) {
        T e = type.cast(element);
        GC gc = event.gc;
        // the whole row (PaintItem's own bounds are only the text's on some platforms)
        Rectangle item = ((TableItem) event.item).getBounds(event.index);
        Rectangle area = ((Table) event.widget).getClientArea();
        Rectangle cell = new Rectangle(item.x, event.y, Math.max(item.width, area.width - item.x), event.height);
        int h = gc.getFontMetrics().getHeight();
        int right = cell.x + cell.width - PAD;
        String conversation = address.apply(e);

        String count = inbox.badge(conversation);
        if (!count.isEmpty()) {
            Font was = gc.getFont();
            gc.setFont(bold);
            Point text = gc.textExtent(count);
            int bh = text.y + 2;
            int bw = Math.max(bh, text.x + 10);
            int bx = right - bw;
            int by = cell.y + (cell.height - bh) / 2;
            gc.setAntialias(SWT.ON);
            gc.setBackground(badge);
            gc.fillRoundRectangle(bx, by, bw, bh, bh, bh);
            gc.setForeground(white);
            gc.drawText(count, bx + (bw - text.x) / 2, by + 1, true);
            gc.setFont(was);
            right = bx - PAD * 2;
        }

        Rectangle clip = gc.getClipping();
        gc.setClipping(cell.x, cell.y, Math.max(0, right - cell.x), cell.height);
        int x = cell.x + PAD;
        int y = cell.y + PAD;
        StyledString first = line.apply(e);
        TextLayout layout = new TextLayout(event.display);
        try {
            layout.setFont(gc.getFont());
            layout.setText(first.getString());
            for (org.eclipse.swt.custom.StyleRange r : first.getStyleRanges()) {
                TextStyle style = new TextStyle(null, r.foreground, null);
                layout.setStyle(style, r.start, r.start + r.length - 1);
            }
            gc.setForeground(colour.apply(e));
            layout.draw(gc, x, y);
        } finally {
            layout.dispose();
        }
        String text = inbox.preview(conversation);
        if (!text.isEmpty()) {
            gc.setForeground(preview);
            gc.drawText(text, x + gc.textExtent("\u25cf ").x, y + h + PAD, true);
        }
        gc.setClipping(clip);
    }

    @Override
    public void dispose() {
        badge.dispose();
        preview.dispose();
        selected.dispose();
        super.dispose();
    }
}
