package org.magpie.client.ui.files;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * An image at full size in a window of its own (scaled down to fit the screen when larger; the
 * window scrolls when made smaller). Escape closes it.
 */
public final class ImageWindow {

    /** The window's data key holding the image file shown, for tests. */
    public static final String FILE = "magpie.image.file";

    private ImageWindow() {
    }

    /**
     * Decodes an image file (call it off the UI thread, after its size was checked from its header);
     * null when SWT cannot read it.
     */
    public static ImageData decode(Path file) {
        try {
            return new ImageData(file.toString());
        } catch (SWTException | IllegalArgumentException notAnImage) {
            return null;
        }
    }

    /** Opens the window (not modal) on an image {@linkplain #decode(Path) decoded} from {@code file}, and returns its shell. */
    public static Shell open(Shell parent, Path file, String title, ImageData decoded) {
        Shell shell = new Shell(parent, SWT.SHELL_TRIM);
        shell.setText(title);
        shell.setData(FILE, file);
        shell.setLayout(new FillLayout());
        ImageData data = decoded;
        Rectangle screen = parent.getDisplay().getPrimaryMonitor().getClientArea();
        int maxW = screen.width * 9 / 10;
        int maxH = screen.height * 9 / 10 - 40;
        double scale = Math.min(1.0, Math.min(maxW / (double) data.width, maxH / (double) data.height));
        if (scale < 1.0) {
            data = data.scaledTo(Math.max(1, (int) (data.width * scale)), Math.max(1, (int) (data.height * scale)));
        }
        Image image = new Image(parent.getDisplay(), data);
        ScrolledComposite scroll = new ScrolledComposite(shell, SWT.H_SCROLL | SWT.V_SCROLL);
        Label label = new Label(scroll, SWT.NONE);
        label.setImage(image);
        label.setSize(label.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        scroll.setContent(label);
        shell.addListener(SWT.Dispose, e -> image.dispose());
        shell.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_ESCAPE) {
                shell.close();
            }
        });
        Rectangle trim = shell.computeTrim(0, 0, data.width, data.height);
        shell.setSize(Math.max(240, trim.width), Math.max(160, trim.height));
        Rectangle p = parent.getBounds();
        shell.setLocation(Math.max(screen.x, p.x + (p.width - shell.getSize().x) / 2),
                Math.max(screen.y, p.y + (p.height - shell.getSize().y) / 2));
        shell.open();
        return shell;
    }
}
