package org.magpie.plugin.files.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Lists the upload service among the server's disco#items, where XEP-0363 clients look for it. */
@Component(service = DiscoProvider.class)
public final class UploadDiscoProvider implements DiscoProvider {

    private final FileService files;

    @Activate
    public UploadDiscoProvider(@Reference FileService files) {
        this.files = files;
    }

    @Override
    public Collection<Item> items() {
        return List.of(new Item(files.serviceDomain(), "HTTP File Upload"));
    }
}
