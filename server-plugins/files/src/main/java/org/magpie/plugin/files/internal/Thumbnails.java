package org.magpie.plugin.files.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Width, height and a small preview of an uploaded image (any format the JDK reads: PNG, JPEG, GIF,
 * BMP). The size comes from the image's header before anything is decoded, so a small file that
 * declares a gigantic picture (a "decompression bomb") is turned down at once. The image is decoded
 * subsampled, so a large picture never needs its full size in memory, and scaled by averaging pixel
 * blocks on plain arrays: no Graphics2D, nothing that needs a display. Images with transparency get
 * a PNG preview, the rest a JPEG one.
 */
final class Thumbnails {

    /** The default limit: larger pictures are not previewed (their dimensions are still reported). */
    static final long MAX_PIXELS = 50_000_000L;

    /** An image's size and its preview (null when none could be made). */
    record Preview(int width, int height, String type, byte[] bytes) {
    }

    private Thumbnails() {
    }

    /** The preview of the file if it is an image, empty otherwise (also for a damaged image). */
    static Optional<Preview> of(Path file, int maxSide) {
        return of(file, maxSide, MAX_PIXELS);
    }

    /**
     * The preview of the file if it is an image, empty otherwise (also for a damaged image); an image
     * of more than {@code maxPixels} pixels, as its header says, gets its size but no preview, and
     * its pixels are never decoded.
     */
    static Optional<Preview> of(Path file, int maxSide, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    return Optional.empty();
                }
                if ((long) w * h > maxPixels) {
                    return Optional.of(new Preview(w, h, null, null));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(w, h) / (2 * maxSide)); // decode at about twice the preview size
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage source = reader.read(0, param);
                boolean alpha = source.getColorModel().hasAlpha();
                BufferedImage small = scale(source, maxSide, alpha);
                String format = alpha ? "png" : "jpeg";
                return Optional.of(new Preview(w, h, "image/" + format, encode(small, format)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not an image after all, or a damaged one: the file is still served
        }
    }

    /** Averages blocks of source pixels into an image whose longest side is at most maxSide. */
    static BufferedImage scale(BufferedImage source, int maxSide, boolean alpha) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        double factor = Math.min(1.0, (double) maxSide / Math.max(sw, sh));
        int tw = Math.max(1, (int) Math.round(sw * factor));
        int th = Math.max(1, (int) Math.round(sh * factor));
        int[] src = source.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] dst = new int[tw * th];
        for (int y = 0; y < th; y++) {
            int y0 = (int) ((long) y * sh / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / th));
            for (int x = 0; x < tw; x++) {
                int x0 = (int) ((long) x * sw / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / tw));
                long a = 0;
                long r = 0;
                long g = 0;
                long b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int p = src[yy * sw + xx];
                        a += p >>> 24;
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                dst[y * tw + x] = (int) (a / n) << 24 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        BufferedImage out = new BufferedImage(tw, th, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, tw, th, dst, 0, tw);
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
