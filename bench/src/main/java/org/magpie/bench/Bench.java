package org.magpie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What every scenario needs: the target, the options, the accounts, the probes and the results. */
final class Bench {

    /** A task that may fail. */
    interface Task {
        void run(int index) throws Exception;
    }

    final Options opts;
    final Target target;
    final Sasl sasl = new Sasl();
    final Results results;
    final Probe probe;
    final String password;
    private int registered;

    Bench(Options opts, Target target, Results results, Probe probe) {
        this.opts = opts;
        this.target = target;
        this.results = results;
        this.probe = probe;
        this.password = opts.get("password");
    }

    String user(int i) {
        return opts.get("prefix") + i;
    }

    String bareJid(int i) {
        return user(i) + "@" + target.domain();
    }

    /**
     * Makes sure accounts 0..n-1 exist, registering the missing ones in-band (XEP-0077 with nick).
     * Existing accounts (a conflict) are reused, so a run against a server with data works too.
     */
    synchronized void ensureAccounts(int n) throws Exception {
        int limit = opts.integer("users");
        if (limit > 0 && n > limit) {
            throw new IllegalStateException("the scenarios need " + n + " accounts but --users is " + limit);
        }
        if (n <= registered) {
            return;
        }
        int from = registered;
        AtomicInteger created = new AtomicInteger();
        long t0 = System.nanoTime();
        Probe.Meter meter = probe.meter();
        parallel(n - from, opts.integer("register-concurrency"), i -> {
            int u = from + i;
            try (XmppConnection c = XmppConnection.connect(target)) {
                c.openStream();
                if (c.register(user(u), password, "Bench " + u)) {
                    created.incrementAndGet();
                }
                c.closeStream();
            }
        }, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        registered = n;
        System.out.printf("accounts 0..%d ready (%d registered in %.1f s)%n", n - 1, created.get(), seconds);
        if (created.get() >= 500) {
            results.metric("register.rate", "in-band registrations (XEP-0077, " + created.get() + " accounts)",
                    "accounts/s", created.get() / seconds, true);
            meter.stop(results, "register", "registration");
        }
    }

    /** A logged-in session of account {@code i} that has sent its initial presence. */
    XmppConnection online(int i, boolean tls, String mechanism) throws Exception {
        XmppConnection c = XmppConnection.login(target, sasl, user(i), password, tls, mechanism);
        c.send("<presence/>");
        return c;
    }

    /**
     * Runs {@code count} tasks with at most {@code concurrency} at a time on virtual threads.
     * With {@code strict}, the first failure is thrown (after all ended); otherwise failures are counted.
     * Returns the number of failed tasks.
     */
    static int parallel(int count, int concurrency, Task task, boolean strict) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Exception> first = new AtomicReference<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            int index = i;
            Thread.ofVirtual().start(() -> {
                try {
                    task.run(index);
                } catch (Exception e) {
                    failed.incrementAndGet();
                    first.compareAndSet(null, e);
                } finally {
                    permits.release();
                    done.countDown();
                }
            });
        }
        done.await();
        if (strict && first.get() != null) {
            throw new IllegalStateException(failed.get() + " of " + count + " failed; first: " + first.get().getMessage(),
                    first.get());
        }
        if (first.get() != null) {
            System.out.println("  " + failed.get() + " of " + count + " failed; first: " + first.get());
        }
        return failed.get();
    }

    /** Logs in accounts from..from+count-1 with presence, in parallel; returns them in account order. */
    List<XmppConnection> onlineMany(int from, int count, int concurrency) throws Exception {
        XmppConnection[] conns = new XmppConnection[count];
        parallel(count, concurrency, i -> conns[i] = online(from + i, false, "auto"), true);
        return new ArrayList<>(List.of(conns));
    }

    static void closeAll(List<XmppConnection> conns) throws Exception {
        ConcurrentLinkedQueue<XmppConnection> q = new ConcurrentLinkedQueue<>(conns);
        parallel(conns.size(), 64, i -> {
            XmppConnection c = q.poll();
            if (c != null) {
                c.closeStream();
            }
        }, false);
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** Service discovery: the first item of the domain whose disco#info lists {@code feature}, or null. */
    String findService(XmppConnection c, String feature) throws Exception {
        String id = XmppConnection.nextId();
        String items = c.request(id, "<iq type='get' id='" + id + "' to='" + target.domain()
                + "'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>", 30);
        List<String> jids = new ArrayList<>();
        jids.add(target.domain());
        int at = 0;
        while ((at = items.indexOf("<item ", at)) >= 0) {
            String item = items.substring(at, items.indexOf('>', at) + 1);
            jids.add(Xml.attr(item, "jid"));
            at++;
        }
        for (String jid : jids) {
            if (hasFeature(c, jid, feature)) {
                return jid;
            }
        }
        return null;
    }

    /** XEP-0313 wants MAM on the account's own disco#info; some servers list it on the domain's. */
    boolean hasMam(XmppConnection c, String bareJid) throws Exception {
        return hasFeature(c, bareJid, MamScenario.NS) || hasFeature(c, target.domain(), MamScenario.NS);
    }

    boolean hasFeature(XmppConnection c, String jid, String feature) throws Exception {
        String id = XmppConnection.nextId();
        String info = c.request(id, "<iq type='get' id='" + id + "' to='" + jid
                + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", 30);
        return info.contains("var='" + feature + "'") || info.contains("var=\"" + feature + "\"");
    }
}
