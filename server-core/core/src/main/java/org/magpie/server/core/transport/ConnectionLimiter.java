package org.magpie.server.core.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections per client address and those not yet logged in, per address and in
 * total, and refuses a new connection beyond a limit. Many people may share one address behind NAT,
 * so the per-address limit is generous; connections that have not logged in cost the server without
 * being anyone's, so they are held tighter. Loopback addresses count like any other.
 */
public final class ConnectionLimiter {

    /**
     * @param perAddress                open connections from one address
     * @param unauthenticatedPerAddress connections from one address that have not logged in yet
     * @param unauthenticatedTotal      connections not logged in yet, from anywhere
     */
    public record Limits(int perAddress, int unauthenticatedPerAddress, int unauthenticatedTotal) {
    }

    private static final class Count {
        int open;
        int unauthenticated;
    }

    private final Limits limits;
    private final Map<InetAddress, Count> byAddress = new HashMap<>();
    private int unauthenticated;

    public ConnectionLimiter(Limits limits) {
        this.limits = limits;
    }

    /** Either a ticket for the admitted connection or the reason it is refused, for the user. */
    sealed interface Admission {
    }

    record Refused(String reason) implements Admission {
    }

    /** An admitted connection: counted until {@link #closed}, as not logged in until {@link #authenticated}. */
    final class Ticket implements Admission {
        private final InetAddress address;
        private boolean authenticated;
        private boolean closed;

        private Ticket(InetAddress address) {
            this.address = address;
        }

        void authenticated() {
            synchronized (ConnectionLimiter.this) {
                if (!authenticated && !closed) {
                    authenticated = true;
                    byAddress.get(address).unauthenticated--;
                    unauthenticated--;
                }
            }
        }

        void closed() {
            synchronized (ConnectionLimiter.this) {
                if (closed) {
                    return;
                }
                closed = true;
                Count count = byAddress.get(address);
                if (!authenticated) {
                    count.unauthenticated--;
                    unauthenticated--;
                }
                if (--count.open == 0) {
                    byAddress.remove(address);
                }
            }
        }
    }

    synchronized Admission admit(InetAddress address) {
        Count count = byAddress.getOrDefault(address, new Count());
        if (count.open >= limits.perAddress()) {
            return new Refused("Too many connections from your address (at most " + limits.perAddress()
                    + "); close some of them and try again.");
        }
        if (count.unauthenticated >= limits.unauthenticatedPerAddress()) {
            return new Refused("Too many connections from your address are not logged in yet (at most "
                    + limits.unauthenticatedPerAddress() + "); log in on them or close them, then try again.");
        }
        if (unauthenticated >= limits.unauthenticatedTotal()) {
            return new Refused("The server has too many connections that are not logged in yet; try again in a minute.");
        }
        count.open++;
        count.unauthenticated++;
        unauthenticated++;
        byAddress.putIfAbsent(address, count);
        return new Ticket(address);
    }

    /** Connections currently counted, for tests and figures. */
    synchronized int open() {
        return byAddress.values().stream().mapToInt(c -> c.open).sum();
    }
}
