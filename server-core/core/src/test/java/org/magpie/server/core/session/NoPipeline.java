package org.magpie.server.core.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/** A pipeline that takes every stanza at once and serves nothing; tests override what they need. */
class NoPipeline implements StanzaPipeline {

    @Override
    public CompletionStage<Void> fromBoundSession(LocalSession session, Element element) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean beforeBind(LocalSession session, Element element) {
        return false;
    }

    @Override
    public boolean registrationAvailable() {
        return false;
    }

    @Override
    public List<Element> streamFeatures() {
        return List.of();
    }

    @Override
    public void sessionBound(LocalSession session) {
    }

    @Override
    public void sessionClosed(LocalSession session) {
    }

    @Override
    public void undelivered(LocalSession session, List<Stanza> messages) {
    }
}
