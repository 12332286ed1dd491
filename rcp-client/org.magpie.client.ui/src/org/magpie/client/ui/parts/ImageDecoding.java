package org.magpie.client.ui.parts;

import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Display;

/** Decodes images for the cards off the UI thread (decoding and scaling a large one takes a while). */
final class ImageDecoding {

    private ImageDecoding() {
    }

    /**
     * Decodes an image in a system job named {@code name}, then hands the result, or null, to
     * {@code shown} on the UI thread.
     */
    static void decodeThen(Display display, String name, Supplier<ImageData> decoding, Consumer<ImageData> shown) {
        Job job = Job.create(name, monitor -> {
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
}
