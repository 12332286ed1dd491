package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** In OSGi, the bundle offers the MessagingService through Declarative Services. */
class ServiceRegistrationTest {

    @Test
    void theMessagingServiceIsRegistered() throws Exception {
        Bundle self = FrameworkUtil.getBundle(ServiceRegistrationTest.class);
        assumeTrue(self != null, "only inside OSGi");
        BundleContext context = self.getBundleContext();
        ServiceReference<MessagingService> ref = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ref == null && System.nanoTime() < deadline) {
            ref = context.getServiceReference(MessagingService.class);
            if (ref == null) {
                Thread.sleep(100);
            }
        }
        assertNotNull(ref, "a MessagingService is registered");
        assertEquals("org.magpie.client.service.smack", ref.getBundle().getSymbolicName());
        MessagingService service = context.getService(ref);
        try {
            assertEquals(ConnectionState.OFFLINE, service.state());
        } finally {
            context.ungetService(ref);
        }
    }
}
