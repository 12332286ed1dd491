package org.magpie.plugin.auth.internal;

import java.util.Optional;

import org.magpie.server.api.Account;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * The forms XEP-0077 hands out, in the reader's language: the empty one to register with, the
 * registered account's, and the data form a password change must be submitted with.
 */
final class RegistrationForms {

    private static final String NS = Namespaces.REGISTER;

    private final Texts texts = Texts.of(RegistrationForms.class);
    private final AccountService accounts;

    RegistrationForms(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The form to register with; not-allowed when registration is off (the form would only lead to a refusal). */
    Element emptyForm(RegistrationSettings settings, String language) throws StanzaException {
        if (!settings.registrationEnabled()) {
            throw texts.text("registration.disabled").exception(Condition.NOT_ALLOWED);
        }
        LocalizedText rule = settings.policy().rule();
        return Element.builder("query", NS)
                .textChild("instructions", texts.text("form.instructions", rule).in(language))
                .child(Element.of("username", NS))
                .child(Element.of("password", NS))
                .child(Element.of("nick", NS))
                .build();
    }

    Element registeredForm(String username, String language) {
        Element.Builder query = Element.builder("query", NS)
                .child(Element.of("registered", NS))
                .textChild("instructions", texts.text("form.registered").in(language))
                .textChild("username", username)
                .child(Element.of("password", NS)); // never given out; empty as XEP-0077 allows
        accounts.find(username).map(Account::nickname).ifPresent(nick -> query.textChild("nick", nick));
        return query.build();
    }

    /** XEP-0077 §3.3: the form a password change must be submitted with. */
    Element changePasswordForm(String own, String language) {
        DataForm form = DataForm.of("form", texts.text("form.change.password").in(language),
                        oldPasswordNeeded().in(language))
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, NS))
                .with(DataForm.Field.of("username", "text-single", null, own).asRequired())
                .with(DataForm.Field.of("old_password", "text-private", null).asRequired())
                .with(DataForm.Field.of("password", "text-private", null).asRequired());
        return Element.builder("query", NS).child(form.toElement()).build();
    }

    LocalizedText oldPasswordNeeded() {
        return texts.text("old.password.needed");
    }

    /** A field's first value as typed (a password's spaces may be meant), empty when absent. */
    static Optional<String> typed(DataForm form, String var) {
        return form.field(var).flatMap(f -> f.values().stream().findFirst()).filter(v -> !v.isEmpty());
    }
}
