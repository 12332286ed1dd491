package org.magpie.plugin.admin.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

/**
 * The shape every administration command shares: for administrators only, a form first, then the
 * work on the submitted form. Work that touches the database or bundles runs off the caller's thread.
 */
abstract class AdminCommand implements AdHocCommand {

    /** The texts of every command of this plugin ({@code messages.properties} of this package). */
    final Texts texts = Texts.of(AdminCommand.class);
    private final String node;
    /** The command's texts are keyed {@code <key>.name}, {@code <key>.instructions}, ... */
    private final String key;

    AdminCommand(String node, String key) {
        this.node = node;
        this.key = key;
    }

    @Override
    public final String node() {
        return node;
    }

    @Override
    public final String name(String language) {
        return texts.text(key + ".name").in(language);
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

    /** The command's form with its title and instructions ({@code <key>.instructions}), to add fields to. */
    DataForm blank(String language) {
        return DataForm.of("form", name(language), texts.text(key + ".instructions").in(language))
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, "http://jabber.org/protocol/admin"));
    }

    /** A field's label ({@code field.<var>}) in the requester's language. */
    String label(String var, String language) {
        return texts.text("field." + var).in(language);
    }

    /** The field's value; bad-request naming the field ({@code required.<var>}) when it is blank. */
    String required(DataForm form, String var) throws StanzaException {
        LocalizedText field = texts.text("required." + var);
        return form.value(var).orElseThrow(() -> texts.text("fill.in", field)
                .exception(StanzaError.Condition.BAD_REQUEST));
    }

    /** The end, with a note ({@code <key>.done}) in the requester's language. */
    Step done(String language, Object... args) {
        return Step.done(null, Note.info(texts.text(key + ".done", args).in(language)));
    }
}
