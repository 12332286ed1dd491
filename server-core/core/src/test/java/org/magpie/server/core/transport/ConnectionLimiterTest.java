package org.magpie.server.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    private static InetAddress address(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    @Test
    void connectionsPerAddressCountLoggedInOnesToo() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new ConnectionLimiter.Limits(3, 3, 100));
        for (int i = 0; i < 3; i++) {
            ((ConnectionLimiter.Ticket) limiter.admit(address("10.0.0.1"))).authenticated();
        }
        var refused = assertInstanceOf(ConnectionLimiter.Refused.class, limiter.admit(address("10.0.0.1")));
        assertTrue(refused.reason().contains("Too many connections from your address (at most 3)"), refused.reason());
        assertInstanceOf(ConnectionLimiter.Ticket.class, limiter.admit(address("10.0.0.2")));
    }

    @Test
    void loggingInOrClosingFreesTheUnauthenticatedPlaceOnce() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new ConnectionLimiter.Limits(100, 2, 100));
        var a = (ConnectionLimiter.Ticket) limiter.admit(address("10.0.0.1"));
        var b = (ConnectionLimiter.Ticket) limiter.admit(address("10.0.0.1"));
        var refused = assertInstanceOf(ConnectionLimiter.Refused.class, limiter.admit(address("10.0.0.1")));
        assertTrue(refused.reason().contains("not logged in yet (at most 2)"), refused.reason());
        a.authenticated();
        a.authenticated();
        var c = assertInstanceOf(ConnectionLimiter.Ticket.class, limiter.admit(address("10.0.0.1")));
        assertInstanceOf(ConnectionLimiter.Refused.class, limiter.admit(address("10.0.0.1")));
        b.closed();
        b.closed();
        assertInstanceOf(ConnectionLimiter.Ticket.class, limiter.admit(address("10.0.0.1")));
        a.closed();
        c.closed();
        assertEquals(1, limiter.open());
    }

    @Test
    void theTotalOfUnauthenticatedConnectionsCountsEveryAddress() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new ConnectionLimiter.Limits(100, 20, 3));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(ConnectionLimiter.Ticket.class, limiter.admit(address("10.0.1." + i)));
        }
        var refused = assertInstanceOf(ConnectionLimiter.Refused.class, limiter.admit(address("10.0.1.9")));
        assertTrue(refused.reason().contains("server has too many connections"), refused.reason());
    }
}
