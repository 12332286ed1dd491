package org.magpie.client.service.smack.internal;

import java.nio.file.Path;

import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackFileTransfers;
import org.magpie.client.service.smack.SmackMessagingService;
import org.osgi.framework.BundleContext;

/**
 * The running client's {@link org.magpie.client.service.FileTransfers}
 * (OSGI-INF/org.magpie.client.service.smack.files.xml) over the session of this bundle's
 * {@link MessagingService} component, injected by DS. Unfinished transfers are remembered in
 * {@code transfers/} beside the trusted certificates, or in the folder the framework or system
 * property {@value #DIR_PROPERTY} names.
 */
public final class FilesComponent extends SmackFileTransfers {

    public static final String DIR_PROPERTY = "magpie.client.transfers.dir";

    public FilesComponent(BundleContext context, MessagingService messaging) {
        super((SmackMessagingService) messaging, dir(context));
    }

    private static Path dir(BundleContext context) {
        String explicit = context.getProperty(DIR_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.strip());
        }
        Path trust = FileTrustStore.defaultFile(context.getProperty(FileTrustStore.FILE_PROPERTY));
        return trust.toAbsolutePath().getParent().resolve("transfers");
    }

    /** DS deactivation: running transfers pause and stay remembered. */
    public void deactivate() {
        close();
    }
}
