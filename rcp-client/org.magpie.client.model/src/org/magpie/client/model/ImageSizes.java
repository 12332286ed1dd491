package org.magpie.client.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image's size in pixels from its header alone (PNG IHDR, JPEG SOF, GIF, BMP, TIFF: the JDK's
 * image readers read no pixel for it), so that an image that would take gigabytes once decoded (a
 * small PNG or JPEG "decompression bomb") is refused before anything decodes it.
 */
public final class ImageSizes {

    /** Settings key: the most pixels (width × height) an image may have to be decoded for a preview or the viewer. */
    public static final String MAX_PIXELS = "files.images.max.pixels";
    /** 50 million pixels: a large camera's photo (about 200 MB once decoded); a bomb claims billions. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** Width and height as the header declares them. */
    public record Size(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    private ImageSizes() {
    }

    /** The size an encoded image declares, or null when no reader knows its format or its header is broken. */
    public static Size of(byte[] encoded) {
        try {
            return of(new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded)));
        } catch (IOException e) {
            return null;
        }
    }

    /** As {@link #of(byte[])}, for an image file. */
    public static Size of(Path file) {
        try {
            return of(new FileImageInputStream(file.toFile()));
        } catch (IOException e) {
            return null;
        }
    }

    private static Size of(ImageInputStream input) throws IOException {
        try (ImageInputStream stream = input) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                return new Size(reader.getWidth(0), reader.getHeight(0)); // the header only
            } catch (IOException | RuntimeException broken) {
                return null;
            } finally {
                reader.dispose();
            }
        }
    }

    /** The limit of the settings ({@link #MAX_PIXELS}), the default when unset or not a positive number. */
    public static long maxPixels(Settings settings) {
        try {
            long n = Long.parseLong(settings.get(MAX_PIXELS, Long.toString(DEFAULT_MAX_PIXELS)).strip());
            return n > 0 ? n : DEFAULT_MAX_PIXELS;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_PIXELS;
        }
    }
}
