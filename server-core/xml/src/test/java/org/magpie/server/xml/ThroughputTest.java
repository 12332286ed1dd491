package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.magpie.server.xml.Recorder.utf8;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.xml.Element;

/** A sanity check that bulk parsing works and is not absurdly slow; prints the rate, asserts no timing. */
class ThroughputTest {

    @Test
    void parsesManySmallMessages() throws Exception {
        int stanzas = 100_000;
        StringBuilder sb = new StringBuilder(Recorder.HEADER);
        for (int i = 0; i < stanzas; i++) {
            sb.append("<message to='juliet@capulet.lit/balcony' from='romeo@montague.lit/orchard' type='chat' id='m")
                    .append(i).append("'><body>But soft, what light through yonder window breaks? ").append(i)
                    .append("</body></message>");
        }
        sb.append("</stream:stream>");
        byte[] input = utf8(sb.toString());
        int chunk = 16 * 1024;
        long[] count = new long[1];
        Element[] last = new Element[1];
        StreamListener counter = new StreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
            }

            @Override
            public void element(Element element) {
                count[0]++;
                last[0] = element;
            }

            @Override
            public void streamClosed() {
            }
        };
        for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
            count[0] = 0;
            XmppStreamParser parser = new XmppStreamParser(ParserLimits.defaults(), counter);
            long start = System.nanoTime();
            for (int i = 0; i < input.length; i += chunk) {
                parser.feed(input, i, Math.min(chunk, input.length - i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(stanzas, count[0]);
            assertEquals("m" + (stanzas - 1), last[0].attribute("id"));
            System.out.printf("round %d: %,d stanzas (%.1f MB) in %.0f ms: %,.0f stanzas/s, %.0f MB/s%n", round,
                    stanzas, input.length / 1e6, seconds * 1000, stanzas / seconds, input.length / 1e6 / seconds);
        }
    }
}
