package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

/**
 * What folding costs on the message path: a 200-character message of Chinese and English is folded
 * in batches after a warm-up, and the best batch's time per message is printed (not asserted:
 * machines differ, and shared build machines are noisy).
 */
class FoldingCostTest {

    static final String MESSAGE = ("明天下午三点在 Room 5 开会，请带上 the Q3 report 和预算表。"
            + "Thanks! 如果有问题请联系 Alice（分机 1234）。会议内容包括：产品路线图、客户反馈、hiring plan。")
            .repeat(3).substring(0, 200);

    @Test
    void foldingA200CharacterMessage() {
        assertEquals(200, MESSAGE.length());
        Folding folding = new Folding();
        SensitiveWords words = new SensitiveWords(WordList.parse(List.of("shit", "傻逼", "他妈的", "预算泄露 block")).rules(),
                folding);
        double fold = nanosPerCall(() -> Folded.of(MESSAGE, folding).length());
        double check = nanosPerCall(() -> words.check(MESSAGE).text().length());
        System.out.printf("folding a 200-char Chinese and English message: %.0f ns; checking it against a list: %.0f ns%n",
                fold, check);
    }

    /** The best of several batches, after a warm-up. */
    static double nanosPerCall(IntSupplier call) {
        int sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += call.getAsInt();
        }
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 15; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) {
                sink += call.getAsInt();
            }
            best = Math.min(best, (System.nanoTime() - start) / 20_000.0);
        }
        if (sink == 42) {
            System.out.println();
        }
        return best;
    }
}
