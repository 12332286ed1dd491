package org.magpie.client.ui;

import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.TextStyle;

/** The coloured lines of the client's lists (friends, groups, group members): runs of colour, and a cell showing them. */
public final class StyledCells {

    private StyledCells() {
    }

    /** A styler that colours its run of a {@link StyledString} and changes nothing else. */
    public static StyledString.Styler coloured(Color colour) {
        return new StyledString.Styler() {
            @Override
            public void applyStyles(TextStyle style) {
                style.foreground = colour;
            }
        };
    }

    /** Puts a styled line into a cell; {@code colour} is the cell's own, for what no run colours (and for selection). */
    public static void show(ViewerCell cell, StyledString line, Color colour) {
        cell.setText(line.getString());
        cell.setStyleRanges(line.getStyleRanges());
        cell.setForeground(colour);
    }
}
