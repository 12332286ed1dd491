package org.magpie.plugin.filter.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Filter cost benchmark (not a test; run by hand, numbers in docs/BENCHMARKS.md): a 10,000-rule list
 * of Chinese and English words, messages of 1 KiB (clean, and with a word to mask), timed per check
 * after a warm-up; prints the mean and the p50/p99 of batches in microseconds.
 *
 * <pre>
 * .ci/mvn -o -q test-compile -pl server-plugins/filter
 * java -cp "server-plugins/filter/target/classes:server-plugins/filter/target/test-classes:$HOME/.m2/repository/org/magpie/magpie-server-api/0.1.0-SNAPSHOT/magpie-server-api-0.1.0-SNAPSHOT.jar" \
 *   org.magpie.plugin.filter.internal.FilterBenchmark
 * </pre>
 */
public final class FilterBenchmark {

    public static void main(String[] args) {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add(i % 2 == 0 ? word(random, 0x4E00, 0x9FA5, 2 + random.nextInt(3)) : word(random, 'a', 'z', 4 + random.nextInt(6))
                    + (i % 10 == 1 ? " block" : ""));
        }
        SensitiveWords words = new SensitiveWords(WordList.parse(lines).rules(), new Folding());
        String clean = kib(random, null);
        String dirty = kib(random, lines.get(2));
        System.out.printf("rules: %d, message: %d chars (UTF-8 ~%d bytes)%n", words.size(), clean.length(),
                clean.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        for (String[] c : new String[][] {{"clean 1 KiB", clean}, {"1 KiB with a listed word", dirty}}) {
            run(words, c[1], 200_000); // warm-up
            double[] batches = run(words, c[1], 200_000);
            Arrays.sort(batches);
            double mean = Arrays.stream(batches).average().orElse(0);
            System.out.printf("%-26s mean %.2f µs, p50 %.2f µs, p99 %.2f µs (per check, batches of 1,000)%n", c[0], mean,
                    batches[batches.length / 2], batches[(int) (batches.length * 0.99)]);
        }
    }

    private static double[] run(SensitiveWords words, String text, int checks) {
        double[] batches = new double[checks / 1000];
        long sink = 0;
        for (int b = 0; b < batches.length; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                sink += words.check(text).text().length();
            }
            batches[b] = (System.nanoTime() - start) / 1000.0 / 1000.0;
        }
        if (sink == 42) {
            System.out.println();
        }
        return batches;
    }

    /** About 1 KiB of UTF-8: Chinese and English mixed, with punctuation; optionally one listed word in it. */
    private static String kib(Random random, String listed) {
        StringBuilder b = new StringBuilder();
        while (b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 1000) {
            b.append(random.nextBoolean() ? word(random, 0x4E00, 0x9FA5, 3) + "，" : word(random, 'a', 'z', 5) + " ");
            if (listed != null && b.length() > 150 && b.indexOf(listed) < 0) {
                b.append(listed).append(' ');
            }
        }
        return b.toString();
    }

    private static String word(Random random, int from, int to, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(from + random.nextInt(to - from + 1));
        }
        return b.toString();
    }
}
