package org.magpie.plugin.admin.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;

/**
 * The shape every administration command shares: for administrators only, a form first, then the
 * work on the submitted form. Work that touches the database or bundles runs off the caller's thread.
 */
abstract class AdminCommand implements AdHocCommand {

    private final String node;
    private final String en;
    private final String zh;

    AdminCommand(String node, String en, String zh) {
        this.node = node;
        this.en = en;
        this.zh = zh;
    }

    @Override
    public final String node() {
        return node;
    }

    @Override
    public final String name(String language) {
        return Texts.pick(language, en, zh);
    }

    @Override
    public final boolean forAdministrators() {
        return true;
    }

    @Override
    public final CompletionStage<Step> execute(EntityFullJid requester, String language, DataForm form) {
        DataForm ask = form == null ? form(language) : null;
        if (ask != null) {
            return CompletableFuture.completedFuture(Step.ask(ask));
        }
        DataForm submitted = form == null ? DataForm.of("submit", null, null) : form;
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(requester, language, submitted);
            } catch (StanzaException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The form to fill in, or null for a command that needs no input and answers at once. */
    abstract DataForm form(String language);

    /** Does the work. */
    abstract Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException;

    DataForm blank(String language, String enInstructions, String zhInstructions) {
        return DataForm.of("form", name(language), Texts.pick(language, enInstructions, zhInstructions))
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, "http://jabber.org/protocol/admin"));
    }

    static String required(DataForm form, String var, String language, String enLabel, String zhLabel) throws StanzaException {
        return form.value(var).orElseThrow(() -> new StanzaException(StanzaError.of(StanzaError.Condition.BAD_REQUEST,
                "Please fill in: " + enLabel + ".", "请填写：" + zhLabel + "。")));
    }

    static Step done(String language, String en, String zh) {
        return Step.done(null, Note.info(Texts.pick(language, en, zh)));
    }
}
