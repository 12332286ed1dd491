package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {

    @TempDir
    Path dir;

    @Test
    void aLargeImageGetsItsSizeAndASmallJpegPreview() throws IOException {
        BufferedImage image = new BufferedImage(3000, 1000, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 3000; x++) {
            for (int y = 0; y < 1000; y++) {
                image.setRGB(x, y, y < 500 ? 0x00ff00 : 0xffffff);
            }
        }
        Path file = dir.resolve("slot");
        ImageIO.write(image, "jpeg", file.toFile());
        Thumbnails.Preview p = Thumbnails.of(file, 256).orElseThrow();
        assertEquals(3000, p.width());
        assertEquals(1000, p.height());
        assertEquals("image/jpeg", p.type());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(p.bytes()));
        assertEquals(256, small.getWidth());
        assertEquals(85, small.getHeight());
        int top = small.getRGB(100, 10);
        assertTrue((top >> 8 & 0xff) > 200 && (top >> 16 & 0xff) < 60, Integer.toHexString(top));
    }

    @Test
    void transparencyGivesAPngAndSmallImagesAreNotEnlarged() throws IOException {
        BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        Path file = dir.resolve("icon");
        ImageIO.write(image, "png", file.toFile());
        Thumbnails.Preview p = Thumbnails.of(file, 256).orElseThrow();
        assertEquals("image/png", p.type());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(p.bytes()));
        assertEquals(20, small.getWidth());
        assertEquals(0, small.getRGB(5, 5) >>> 24, "transparent stays transparent");
    }

    @Test
    void otherFilesHaveNoPreview() throws IOException {
        Path file = dir.resolve("text");
        Files.writeString(file, "just text");
        assertTrue(Thumbnails.of(file, 256).isEmpty());
        Path broken = dir.resolve("broken");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertTrue(Thumbnails.of(broken, 256).isEmpty(), "a damaged image is just a file");
    }

    @Test
    void aPictureLargerThanTheLimitIsMeasuredButNeverDecoded() throws IOException {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Path file = dir.resolve("big");
        ImageIO.write(image, "png", file.toFile());
        Thumbnails.Preview p = Thumbnails.of(file, 256, 100_000).orElseThrow();
        assertEquals(400, p.width());
        assertEquals(300, p.height());
        assertNull(p.bytes(), "120,000 pixels is above the limit of 100,000: no preview");
        assertNotNull(Thumbnails.of(file, 256, 120_000).orElseThrow().bytes(), "at the limit it is previewed");
    }

    @Test
    void scalingAveragesBlocks() {
        BufferedImage checker = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0x000000);
            }
        }
        BufferedImage one = Thumbnails.scale(checker, 1, false);
        assertEquals(1, one.getWidth());
        assertEquals(0x7f7f7f, one.getRGB(0, 0) & 0xffffff, "black and white average to grey");
    }
}
