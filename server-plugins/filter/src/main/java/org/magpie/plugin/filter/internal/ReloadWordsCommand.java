package org.magpie.plugin.filter.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Administrators reload the word list at once (it is also reloaded a few seconds after any change). */
@Component(service = AdHocCommand.class)
public final class ReloadWordsCommand implements AdHocCommand {

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
        return chinese(language) ? "重新加载敏感词表" : "Reload the word list";
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
                return Step.done(null, Note.info(chinese(language) ? "敏感词表已重新加载：" + rules + " 条规则。"
                        : "The word list was reloaded: " + rules + " rules."));
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(new StanzaException(StanzaError.of(
                        StanzaError.Condition.INTERNAL_SERVER_ERROR, "The word list cannot be read: " + e.getMessage(),
                        "无法读取敏感词表：" + e.getMessage())));
            }
        });
    }

    private static boolean chinese(String language) {
        return language != null && language.startsWith("zh");
    }
}
