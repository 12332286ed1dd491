package org.magpie.plugin.filter.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Administrators reload the word list at once (it is also reloaded a few seconds after any change). */
@Component(service = AdHocCommand.class)
public final class ReloadWordsCommand implements AdHocCommand {

    private final Texts texts = Texts.of(ReloadWordsCommand.class);
    private final WordListFilter words;

    @Activate
    public ReloadWordsCommand(@Reference WordListFilter words) {
        this.words = words;
    }

    @Override
    public String node() {
        return "urn:magpie:admin:reload-words";
    }

    @Override
    public String name(String language) {
        return texts.text("reload.name").in(language);
    }

    @Override
    public boolean forAdministrators() {
        return true;
    }

    @Override
    public CompletionStage<Step> execute(EntityFullJid requester, String language, DataForm form) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                int rules = words.reload();
                return Step.done(null, Note.info(texts.text("reload.done", String.valueOf(rules)).in(language)));
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(
                        texts.text("reload.failed", e.getMessage()).exception(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            }
        });
    }
}
