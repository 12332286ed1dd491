package org.magpie.client.service.smack.internal;

import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;
import org.osgi.framework.BundleContext;

/**
 * The {@link org.magpie.client.service.MessagingService} of the running client, registered by
 * Declarative Services (OSGI-INF/org.magpie.client.service.smack.xml: DS 1.4 constructor
 * injection, the BundleContext as activation object). Trusted server certificates are remembered
 * in {@link FileTrustStore#defaultFile(String)}; the framework or system property
 * {@value FileTrustStore#FILE_PROPERTY} names another file.
 */
public final class MessagingServiceComponent extends SmackMessagingService {

    public MessagingServiceComponent(BundleContext context) {
        super(new FileTrustStore(FileTrustStore.defaultFile(context.getProperty(FileTrustStore.FILE_PROPERTY))));
    }

    /** DS deactivation: log out and stop the threads. */
    public void deactivate() {
        close();
    }
}
