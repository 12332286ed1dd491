package org.magpie.plugin.auth.internal;

import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 In-Band Registration: creating an account before logging in ({@link NewAccounts}), and
 * changing the password or nickname of ({@link OwnAccountChanges}), or removing
 * ({@link AccountRemoval}), one's own account afterwards; the forms come from {@link RegistrationForms}.
 *
 * <p>Requests carry passwords, so no part logs a stanza or a field value other than the account
 * name, and error replies do not echo the request (XEP-0077 §3.3: "SHOULD NOT return the original
 * XML"); see {@link #errorReply}.
 */
@Component(service = IqHandler.class,
        configurationPid = {RegistrationHandler.PID, RegistrationHandler.ADMIN_PID}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@ServesIq(element = "query", namespace = Namespaces.REGISTER, beforeAuth = true)
public final class RegistrationHandler implements IqHandler {

    static final String PID = "org.magpie.auth";
    /** admin.accounts lives there: listed administrators are reserved names. */
    static final String ADMIN_PID = "org.magpie.admin";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationHandler.class);

    private final Texts texts = Texts.of(RegistrationHandler.class);
    private final AccountService accounts;
    private final RegistrationForms forms;
    private final NewAccounts newAccounts;
    private final OwnAccountChanges changes;
    private volatile RegistrationSettings settings;

    /** The sensitive-word list, while the filter plugin runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    @Activate
    public RegistrationHandler(@Reference(name = "accounts") AccountService accounts, @Reference SessionManager sessions,
            AuthConfig config) {
        this.accounts = accounts;
        this.settings = RegistrationSettings.of(config);
        AccountRules rules = new AccountRules(accounts, () -> words);
        this.forms = new RegistrationForms(accounts);
        this.newAccounts = new NewAccounts(accounts, rules);
        this.changes = new OwnAccountChanges(accounts, rules, forms, sessions);
        warnAboutMissingAdministrators(config);
    }

    /**
     * A listed administrator without an account is reserved (nobody can register it in-band), so
     * the administrator must be created another way: say so at start.
     */
    private void warnAboutMissingAdministrators(AuthConfig config) {
        for (String admin : RegistrationSettings.names(config.accounts())) {
            if (!accounts.exists(admin)) {
                LOG.warn("administrator '{}' of admin.accounts has no account; in-band registration of the name is "
                        + "refused from other machines: register it on the server's own machine (loopback), or create "
                        + "it with the add-user command of another administrator", admin);
            }
        }
    }

    /** Takes the new settings without restarting the component (and so without a gap in service). */
    @Modified
    void modified(AuthConfig config) {
        settings = RegistrationSettings.of(config);
    }

    @Override
    public Stanza handle(Stanza iq, Session session) {
        RegistrationSettings current = settings;
        try {
            Element query = iq.payload().filter(p -> p.is("query", Namespaces.REGISTER))
                    .orElseThrow(() -> badRequest());
            Optional<EntityBareJid> account = session.account();
            String language = language(iq, session);
            return switch (iq.iqType().orElseThrow(() -> badRequest())) {
                case GET -> account.isPresent()
                        ? iq.resultReply(forms.registeredForm(username(account.get()), language))
                        : iq.resultReply(forms.emptyForm(current, language));
                case SET -> account.isPresent()
                        ? changes.change(iq, query, username(account.get()), session, current, language)
                        : newAccounts.register(iq, query, session, current);
                case RESULT, ERROR -> throw badRequest();
            };
        } catch (StanzaException e) {
            return errorReply(iq, e.error());
        }
    }

    private StanzaException badRequest() {
        return texts.text("bad.request").exception(Condition.BAD_REQUEST);
    }

    private static String username(EntityBareJid account) {
        return account.getLocalpart().toString();
    }

    /** The stanza's own xml:lang if it has one, else the stream's. */
    private static String language(Stanza iq, Session session) {
        String lang = iq.element().attribute("xml:lang");
        return lang != null ? lang : session.language();
    }

    /**
     * An error reply that, unlike {@link Stanza#errorReply}, leaves out the request's payload: it
     * may hold a password, which should not travel back or end up in anybody's log.
     */
    static Stanza errorReply(Stanza iq, StanzaError error) {
        return Stanza.create(Stanza.Kind.IQ, iq.to(), iq.from(), IqType.ERROR, iq.id(), List.of(error.toElement()));
    }

    /** The same with a payload of our own before the error (the form the client must fill in). */
    static Stanza errorReply(Stanza iq, StanzaError error, Element payload) {
        return Stanza.create(Stanza.Kind.IQ, iq.to(), iq.from(), IqType.ERROR, iq.id(), List.of(payload, error.toElement()));
    }
}
