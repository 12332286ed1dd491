package org.magpie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: group fan-out (XEP-0045). All occupants join one room; a few of them send; every
 * delivery to every occupant counts. A fixed offered delivery rate first, then saturation, where
 * each sender keeps a few messages in flight until the room reflects them back to it.
 */
final class MucScenario {

    static final String NS = "http://jabber.org/protocol/muc";

    private static volatile ChatScenario.Phase phase = new ChatScenario.Phase(0, 0);

    private MucScenario() {
    }

    static void run(Bench b) throws Exception {
        b.ensureAccounts(1);
        String service;
        try (XmppConnection probe = b.online(0, false, "auto")) {
            probe.startReader((c, s) -> { });
            service = b.findService(probe, NS);
            probe.closeStream();
        }
        if (service == null) {
            for (String size : b.opts.list("rooms")) {
                b.results.metric("muc." + size + ".sat.delivered", "room of " + size + " at saturation: deliveries", "deliveries/s", null, true);
            }
            b.results.note("group fan-out (MUC, scenario 4): not available yet - the server advertises no " + NS + " service");
            return;
        }
        b.results.info("muc.service", service);
        for (String size : b.opts.list("rooms")) {
            try {
                room(b, service, Integer.parseInt(size));
            } catch (Exception e) {
                b.results.note("room of " + size + ": failed: " + e.getMessage());
            }
        }
    }

    private static final class Occupant {
        final XmppConnection c;
        final String nick;
        final CountDownLatch joined = new CountDownLatch(1);
        final AtomicBoolean created = new AtomicBoolean();
        volatile String error;
        final Semaphore window = new Semaphore(0);

        Occupant(XmppConnection c, String nick) {
            this.c = c;
            this.nick = nick;
        }
    }

    private static void room(Bench b, String service, int size) throws Exception {
        b.ensureAccounts(size);
        List<XmppConnection> conns = b.onlineMany(0, size, 32);
        // digits only: Magpie names groups by number; the peers accept any name
        String room = "9" + size + ThreadLocalRandom.current().nextInt(100_000, 1_000_000) + "@" + service;
        List<Occupant> occupants = new ArrayList<>();
        try {
            long tj = System.nanoTime();
            for (int i = 0; i < size; i++) {
                Occupant o = new Occupant(conns.get(i), "n" + i);
                occupants.add(o);
                String self = room + "/" + o.nick;
                o.c.startReader((c, s) -> {
                    if (s.startsWith("<presence")) {
                        if (s.contains("type='error'") || s.contains("type=\"error\"")) {
                            o.error = XmppConnection.abbreviate(s);
                            o.joined.countDown();
                        } else if (self.equals(Xml.attr(s, "from")) && (s.contains("code='110'") || s.contains("code=\"110\""))) {
                            if (s.contains("code='201'") || s.contains("code=\"201\"")) {
                                o.created.set(true);
                            }
                            o.joined.countDown();
                        }
                    } else if (s.startsWith("<message")) {
                        phase.arrived(s);
                        String from = Xml.attr(s, "from");
                        if (from != null && from.equals(self)) {
                            o.window.release();
                        }
                    }
                });
            }
            join(occupants.get(0), room);
            if (occupants.get(0).created.get()) { // accept the default configuration: an instant room
                String id = XmppConnection.nextId();
                occupants.get(0).c.request(id, "<iq type='set' id='" + id + "' to='" + room + "'><query xmlns='" + NS
                        + "#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>", 30);
            }
            Bench.parallel(size - 1, 16, i -> join(occupants.get(i + 1), room), true);
            double joinSeconds = (System.nanoTime() - tj) / 1e9;
            b.results.metric("muc." + size + ".join", "room of " + size + ": all occupants joined in", "s", joinSeconds, false);
            Bench.sleep(1);
            int senders = Math.min(b.opts.integer("room-senders"), size);
            List<Occupant> sending = occupants.subList(0, senders);
            fixedRate(b, room, size, sending);
            saturation(b, room, size, sending, Math.max(1, b.opts.integer("window") / 4));
        } finally {
            Bench.closeAll(conns);
            Bench.sleep(3);
        }
    }

    private static void join(Occupant o, String room) throws Exception {
        o.c.send("<presence to='" + room + "/" + o.nick + "'><x xmlns='" + NS + "'><history maxstanzas='0'/></x></presence>");
        if (!o.joined.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(o.nick + " did not get its own presence from " + room);
        }
        if (o.error != null) {
            throw new IllegalStateException(o.nick + " could not join " + room + ": " + o.error);
        }
    }

    private static String message(String room, long t) {
        return "<message to='" + room + "' type='groupchat'><body>" + t + ChatScenario.FILLER + "</body></message>";
    }

    private static void fixedRate(Bench b, String room, int size, List<Occupant> senders) throws Exception {
        double deliveries = b.opts.integer("room-delivery-rate");
        double rate = deliveries / size; // room messages per second
        long warmup = TimeUnit.SECONDS.toNanos(b.opts.integer("warmup"));
        long duration = TimeUnit.SECONDS.toNanos(b.opts.integer("duration"));
        long t0 = System.nanoTime() + 50_000_000;
        ChatScenario.Phase ph = new ChatScenario.Phase(t0 + warmup, t0 + warmup + duration);
        phase = ph;
        long interval = (long) (senders.size() * 1e9 / rate);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            Occupant o = senders.get(i);
            long first = t0 + i * interval / senders.size();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (long next = first; next < ph.end && !ph.overrun; next += interval) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        o.c.send(message(room, next));
                        ph.sent.add(size);
                        if (ph.sent.sum() - ph.received.sum() > 2 * deliveries) { // 2 s of backlog
                            ph.overrun = true;
                        }
                    }
                } catch (Exception e) {
                    // counted as missing
                }
            }));
        }
        ChatScenario.waitUntil(ph.start);
        Probe.Meter meter = b.probe.meter();
        while (System.nanoTime() < ph.end && !ph.overrun) {
            Thread.sleep(10);
        }
        String label = "room of " + size + " at " + (long) deliveries + " deliveries/s offered";
        meter.stop(b.results, "muc." + size + ".fixed", label);
        for (Thread t : threads) {
            t.join();
        }
        long lost = ph.drain(60);
        if (ph.overrun) {
            b.results.metric("muc." + size + ".fixed.delivered", label + ": deliveries", "deliveries/s", null, true);
            b.results.note(label + ": NOT SUSTAINED - the backlog passed 2 s of deliveries; the generator stopped offering");
            return;
        }
        report(b, "muc." + size + ".fixed", label, ph, duration, lost);
    }

    private static void saturation(Bench b, String room, int size, List<Occupant> senders, int window) throws Exception {
        long warmup = TimeUnit.SECONDS.toNanos(b.opts.integer("warmup"));
        long duration = TimeUnit.SECONDS.toNanos(b.opts.integer("duration"));
        long t0 = System.nanoTime();
        ChatScenario.Phase ph = new ChatScenario.Phase(t0 + warmup, t0 + warmup + duration);
        phase = ph;
        List<Thread> threads = new ArrayList<>();
        for (Occupant o : senders) {
            o.window.drainPermits();
            o.window.release(window);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < ph.end) {
                        if (o.window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            o.c.send(message(room, System.nanoTime()));
                            ph.sent.add(size);
                        }
                    }
                } catch (Exception e) {
                    // counted as missing
                }
            }));
        }
        ChatScenario.waitUntil(ph.start);
        Probe.Meter meter = b.probe.meter();
        ChatScenario.waitUntil(ph.end);
        String label = "room of " + size + " at saturation (" + senders.size() + " senders x " + window + " in flight)";
        meter.stop(b.results, "muc." + size + ".sat", label);
        for (Thread t : threads) {
            t.join();
        }
        long lost = ph.drain(60);
        report(b, "muc." + size + ".sat", label, ph, duration, lost);
    }

    private static void report(Bench b, String key, String label, ChatScenario.Phase ph, long duration, long lost) {
        b.results.metric(key + ".delivered", label + ": deliveries", "deliveries/s", ph.delivered.sum() / (duration / 1e9), true);
        b.results.metric(key + ".p50", label + ": latency p50", "ms", ph.latency.quantileMillis(0.5), false);
        b.results.metric(key + ".p99", label + ": latency p99", "ms", ph.latency.quantileMillis(0.99), false);
        if (ph.errors.sum() > 0) {
            b.results.note(label + ": " + ph.errors.sum() + " error messages");
        }
        if (lost > 0) {
            b.results.note(label + ": " + lost + " of " + ph.sent.sum() + " deliveries missing after the phase");
        }
    }
}
