package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.magpie.client.model.FileCards;
import org.magpie.client.model.Texts;
import org.magpie.client.model.TransferPresenter;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.TransferListener;

/** The transfer's progress line and buttons, file cards and sizes, in English and Chinese, without a display. */
class FilesPresentersTest {

    private final Texts en = new Texts(Locale.ENGLISH);
    private final Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);

    @Test
    void sizesReadLikeAFileManagers() {
        assertEquals("0 B", TransferPresenter.size(0));
        assertEquals("999 B", TransferPresenter.size(999));
        assertEquals("1.0 KB", TransferPresenter.size(1024));
        assertEquals("12.5 MB", TransferPresenter.size(13_107_200));
        assertEquals("200 MB", TransferPresenter.size(200L << 20));
        assertEquals("1.5 GB", TransferPresenter.size(3L << 29));
        assertEquals("?", TransferPresenter.size(-1));
    }

    @Test
    void aRunningTransferShowsAmountsAndSpeedAndItsButtons() {
        FakeTransfer t = new FakeTransfer(Transfer.Direction.UPLOAD, Transfer.State.RUNNING, 13_107_200, 200L << 20);
        t.speed = 3.2 * (1 << 20);
        TransferPresenter p = new TransferPresenter(en);
        assertEquals("12.5 MB / 200 MB · 3.2 MB/s", p.progress(t));
        assertEquals(6, p.percent(t));
        assertEquals("Sending report.pdf", p.title(t));
        assertTrue(p.canPause(t));
        assertFalse(p.canResume(t));
        assertTrue(p.canCancel(t));
        assertEquals("正在发送 report.pdf", new TransferPresenter(zh).title(t));
    }

    @Test
    void pausedInterruptedDoneAndFailedSayWhatHappened() {
        TransferPresenter p = new TransferPresenter(en);
        FakeTransfer paused = new FakeTransfer(Transfer.Direction.UPLOAD, Transfer.State.PAUSED, 1024, 2048);
        assertEquals("1.0 KB / 2.0 KB · Paused", p.progress(paused));
        assertTrue(p.canResume(paused));
        assertFalse(p.canPause(paused));
        paused.failure = new ServiceException(FailureKind.UNREACHABLE, null);
        assertEquals("1.0 KB / 2.0 KB · Interrupted; resume to continue", p.progress(paused));

        FakeTransfer down = new FakeTransfer(Transfer.Direction.DOWNLOAD, Transfer.State.DONE, 2048, 2048);
        down.verified = true;
        assertEquals("Downloaded · SHA-256 verified", p.progress(down));
        assertEquals("已下载 · SHA-256 校验通过", new TransferPresenter(zh).progress(down));
        assertEquals(100, p.percent(down));
        assertFalse(p.canCancel(down));
        assertEquals("Failed", p.progress(new FakeTransfer(Transfer.Direction.UPLOAD, Transfer.State.FAILED, 0, 10)));
        assertEquals(-1, p.percent(new FakeTransfer(Transfer.Direction.DOWNLOAD, Transfer.State.RUNNING, 10, -1)));
    }

    @Test
    void cardsShowNameSizeTypeAndTheShortForm() {
        FileMessage pdf = new FileMessage("https://h:5443/files/x/%E6%8A%A5%E5%91%8A.pdf", "报告.pdf", 2_516_582,
                "application/pdf", null, 0, 0, null, null);
        FileMessage png = new FileMessage("https://h:5443/files/y/shot.png", null, 1_258_291, "image/png", null, 640,
                480, "https://h:5443/thumbnails/y", "image/jpeg");
        assertEquals("shot.png", png.name(), "the name from the URL");
        assertEquals("2.4 MB · PDF", new FileCards(en).details(pdf));
        assertEquals("640 × 480 · 1.2 MB", new FileCards(en).imageCaption(png));
        assertEquals("[File]", new FileCards(en).shortForm(pdf));
        assertEquals("[图片]", new FileCards(zh).shortForm(png));
        assertEquals("[文件]", new FileCards(zh).shortForm(pdf));
        assertTrue(new FileCards(en).downloaded(true, "/tmp/报告.pdf").contains("SHA-256 verified"));
        assertTrue(new FileCards(zh).downloaded(false, "/tmp/报告.pdf").contains("无法校验"));
        assertEquals("The file arrived damaged (its SHA-256 does not match) and was discarded.",
                new org.magpie.client.model.FailureTexts(en).describe(new ServiceException(FailureKind.HASH_MISMATCH, "x"), null));
    }

    private static final class FakeTransfer implements Transfer {
        final Direction direction;
        final State state;
        final long transferred;
        final long total;
        double speed;
        boolean verified;
        ServiceException failure;

        FakeTransfer(Direction direction, State state, long transferred, long total) {
            this.direction = direction;
            this.state = state;
            this.transferred = transferred;
            this.total = total;
        }

        @Override public String id() { return "1"; }
        @Override public Direction direction() { return direction; }
        @Override public String name() { return "report.pdf"; }
        @Override public String conversation() { return "bob@localhost"; }
        @Override public boolean group() { return false; }
        @Override public Path file() { return Path.of("report.pdf"); }
        @Override public State state() { return state; }
        @Override public long transferred() { return transferred; }
        @Override public long total() { return total; }
        @Override public double bytesPerSecond() { return speed; }
        @Override public ServiceException failure() { return failure; }
        @Override public CompletableFuture<FileMessage> finished() { return new CompletableFuture<>(); }
        @Override public boolean verified() { return verified; }
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public void cancel() { }
        @Override public void addListener(TransferListener listener) { }
        @Override public void removeListener(TransferListener listener) { }
    }
}
