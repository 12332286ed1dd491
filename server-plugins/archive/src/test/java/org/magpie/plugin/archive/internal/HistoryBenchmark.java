package org.magpie.plugin.archive.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.jxmpp.jid.impl.JidCreate;

/**
 * History query benchmark (not a test; run by hand): loads a million one-to-one messages into an
 * on-disk Derby database with the archive's own schema and SQL, then times XEP-0313 pages of 50
 * the way {@link MamHandler} asks for them, and prints p50/p99 in milliseconds.
 *
 * <pre>
 * mvn -o -q test-compile -pl server-plugins/archive
 * java -cp "server-plugins/archive/target/classes:server-plugins/archive/target/test-classes:$(deps)" \
 *   org.magpie.plugin.archive.internal.HistoryBenchmark [messages] [directory]
 * </pre>
 * Shape: 2,000 users in 10,000 conversations (pairs), messages spread evenly over them in time order.
 */
public final class HistoryBenchmark {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("magpie-history-bench");
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        // loading only: commits without a disk sync; the queries measured afterwards are reads
        System.setProperty("derby.system.durability", "test");
        ArchiveStore store = TestStores.open(dir.resolve("db").toString());
        int users = 2000;
        int conversations = 10_000;
        Random random = new Random(42);
        int[][] pairs = new int[conversations][2];
        for (int i = 0; i < conversations; i++) {
            int a = random.nextInt(users);
            int b = (a + 1 + random.nextInt(users - 1)) % users;
            pairs[i] = new int[] {a, b};
        }
        long start = System.nanoTime();
        long id = Ids.first(java.time.Instant.parse("2025-01-01T00:00:00Z"));
        int batch = 5000;
        for (int done = 0; done < messages; done += batch) {
            int n = Math.min(batch, messages - done);
            long first = id;
            store.transaction(c -> {
                for (int i = 0; i < n; i++) {
                    int[] p = pairs[random.nextInt(conversations)];
                    boolean flip = random.nextBoolean();
                    String from = user(flip ? p[0] : p[1]);
                    String to = user(flip ? p[1] : p[0]);
                    String body = "message number " + (first + i) + " 这是一条测试消息";
                    String stanza = "<message xmlns=\"jabber:client\" from=\"" + from + "/desk\" to=\"" + to
                            + "\" type=\"chat\" id=\"m" + i + "\"><body>" + body + "</body></message>";
                    HistoryStore.archive(c, new HistoryStore.Entry(first + (long) i * 4096, ArchiveStore.pair(from, to),
                            ArchiveStore.CHAT, from, null, to, body, stanza));
                }
                return null;
            });
            id += (long) n * 4096; // about one message per millisecond of history
            if ((done / batch) % 20 == 0) {
                System.out.printf("loaded %,d messages in %d s%n", done + n, (System.nanoTime() - start) / 1_000_000_000);
            }
        }
        System.out.printf("loaded %,d messages in %d s into %s%n", messages, (System.nanoTime() - start) / 1_000_000_000, dir);

        ArchiveEngine engine = new ArchiveEngine(store, () -> null, null, null, JidCreate.domainBareFrom("localhost"),
                new ArchiveSettings(true, 1000, 100, 50, 262144, true), Clock.systemUTC());
        int rounds = 1000;
        // warm-up, then the measured rounds
        run(engine, pairs, new Random(1), 200, "warm-up");
        run(engine, pairs, new Random(7), rounds, "measured");
    }

    private static void run(ArchiveEngine engine, int[][] pairs, Random random, int rounds, String label) throws Exception {
        long[] latest = new long[rounds];
        long[] older = new long[rounds];
        long[] forward = new long[rounds];
        long[] whole = new long[rounds];
        int returned = 0;
        for (int r = 0; r < rounds; r++) {
            int[] p = pairs[random.nextInt(pairs.length)];
            String owner = user(p[0]);
            String conversation = ArchiveStore.pair(owner, user(p[1]));
            long t = System.nanoTime();
            MamQueries.Page last = engine.queries().page(owner, conversation, new MamQueries.Query(user(p[1]), null, null, 50,
                    null, null, true));
            latest[r] = System.nanoTime() - t;
            returned += last.items().size();
            String cursor = last.items().isEmpty() ? null : Ids.format(last.items().get(0).id());
            t = System.nanoTime();
            engine.queries().page(owner, conversation, new MamQueries.Query(user(p[1]), null, null, 50, null, cursor, true));
            older[r] = System.nanoTime() - t;
            t = System.nanoTime();
            engine.queries().page(owner, conversation, new MamQueries.Query(user(p[1]),
                    java.time.Instant.parse("2025-01-01T00:05:00Z"), null, 50, null, null, false));
            forward[r] = System.nanoTime() - t;
            t = System.nanoTime();
            engine.queries().page(owner, null, new MamQueries.Query(null, null, null, 50, null, null, true));
            whole[r] = System.nanoTime() - t;
        }
        System.out.printf("%s (%d queries each, %.1f messages per 'latest' page on average):%n", label, rounds,
                returned / (double) rounds);
        report("with + last page (before='')", latest);
        report("with + previous page (before=id)", older);
        report("with + start + forward page", forward);
        report("whole archive, last page", whole);
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("  %-34s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", what, ms(s[s.length / 2]),
                ms(s[(int) Math.ceil(s.length * 0.99) - 1]), ms(s[s.length - 1]));
    }

    private static double ms(long nanos) {
        return Duration.ofNanos(nanos).toNanos() / 1e6;
    }

    private static String user(int n) {
        return "user" + n + "@localhost";
    }

    private HistoryBenchmark() {
    }
}
