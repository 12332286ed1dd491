package org.magpie.client.ui.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Screenshots for tests: copies what is on the (X or Xvfb) screen with {@link GC#copyArea} and
 * writes a PNG to {@code target/screenshots/NAME.png} of the test bundle (system property
 * {@code magpie.screenshots}, set by the test pom). Call on the UI thread, after the widgets have
 * been drawn ({@link #settle(Display)}).
 */
public final class Screenshots {

    private Screenshots() {
    }

    /** The folder screenshots go to (created on demand). */
    public static Path folder() {
        return Path.of(System.getProperty("magpie.screenshots", "target/screenshots"));
    }

    /** A PNG of the part of the screen a control covers (a shell: the whole window with its title bar). */
    public static Path of(Control control, String name) {
        Rectangle area;
        if (control instanceof Shell shell) {
            area = shell.getBounds();
        } else {
            Point origin = control.toDisplay(0, 0);
            Point size = control.getSize();
            area = new Rectangle(origin.x, origin.y, size.x, size.y);
        }
        return of(control.getDisplay(), area, name);
    }

    /**
     * A PNG of a shell's inside (without a window manager the shell's bounds also cover trim that
     * nobody paints).
     */
    public static Path ofClient(Shell shell, String name) {
        Rectangle client = shell.getClientArea();
        Point origin = shell.toDisplay(client.x, client.y);
        return of(shell.getDisplay(), new Rectangle(origin.x, origin.y, client.width, client.height), name);
    }

    /** A PNG of the whole screen. */
    public static Path ofScreen(Display display, String name) {
        return of(display, display.getBounds(), name);
    }

    /** A PNG of a rectangle of the screen (display coordinates, clipped to the screen). */
    public static Path of(Display display, Rectangle area, String name) {
        Rectangle clipped = area.intersection(display.getBounds());
        if (clipped.isEmpty()) {
            throw new IllegalArgumentException("nothing of " + area + " is on the screen " + display.getBounds());
        }
        Image image = new Image(display, clipped.width, clipped.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, clipped.x, clipped.y);
        } finally {
            gc.dispose();
        }
        try {
            ImageData data = image.getImageData();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            Path file = folder().resolve(name.endsWith(".png") ? name : name + ".png");
            Files.createDirectories(file.getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            image.dispose();
        }
    }

    /** Runs the event loop until nothing is pending and then for {@code millis} more (paint, layout). */
    public static void settle(Display display, long millis) {
        long end = System.currentTimeMillis() + millis;
        do {
            while (display.readAndDispatch()) {
                // drain
            }
            if (System.currentTimeMillis() < end) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } while (System.currentTimeMillis() < end);
    }
}
