package org.magpie.plugin.archive.internal;

import org.magpie.server.api.Intercepts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Messages a client sends: archived, counted in the inbox and kept for offline addressees before
 * the core routes them. Ranked lowest so that filters (which may mask or refuse text) run first and
 * what is stored is what is delivered.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.MESSAGE, phase = StanzaInterceptor.Phase.RECORD)
public final class MessageInterceptor implements StanzaInterceptor {

    private final ArchiveEngine engine;

    @Activate
    public MessageInterceptor(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        return interceptAsync(stanza, sender).toCompletableFuture().join();
    }

    /** The durable write of a message to someone online is waited for without holding a worker. */
    @Override
    public CompletionStage<Verdict> interceptAsync(Stanza stanza, Session sender) {
        return stanza.isMessage() ? engine.archiver().outbound(stanza, sender) : CompletableFuture.completedFuture(Verdict.pass(stanza));
    }
}
