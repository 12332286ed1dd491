package org.magpie.plugin.auth.internal;

import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.forms.DataForm;
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
 * XEP-0077 In-Band Registration: creating an account before logging in, and changing the password
 * or nickname of, or removing, one's own account afterwards.
 *
 * <p>Requests carry passwords, so this class never logs a stanza or a field value other than the
 * account name, and its error replies do not echo the request (XEP-0077 §3.3: "SHOULD NOT return the
 * original XML"); see {@link #errorReply}.
 */
@Component(service = IqHandler.class,
        configurationPid = {RegistrationHandler.PID, RegistrationHandler.ADMIN_PID}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@ServesIq(element = "query", namespace = Namespaces.REGISTER, beforeAuth = true)
public final class RegistrationHandler implements IqHandler {

    static final String PID = "org.magpie.auth";
    /** admin.accounts lives there: listed administrators are reserved names. */
    static final String ADMIN_PID = "org.magpie.admin";
    /** The core keeps nicknames of up to 64 characters; checked here too for a bilingual answer. */
    static final int MAX_NICKNAME = 64;

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationHandler.class);
    private static final String NS = Namespaces.REGISTER;

    static final Text REGISTRATION_DISABLED = new Text(
            "Registration of new accounts is switched off on this server. Please ask your administrator for an account.",
            "本服务器已关闭新账号注册，请联系管理员开通账号。");
    static final Text TAKEN = new Text("This account name is already taken.", "该账号已被注册。");
    static final Text INVALID_USERNAME = new Text(
            "This account name is not valid: use 1 to 64 characters without spaces or any of \" & ' / : < > @.",
            "账号名无效：请使用 1 到 64 个字符，不能包含空格或 \" & ' / : < > @ 等字符。");
    static final Text NICKNAME_TOO_LONG = new Text(
            "The nickname is too long: use at most " + MAX_NICKNAME + " characters.",
            "昵称过长：最多 " + MAX_NICKNAME + " 个字符。");
    static final Text NOT_YOUR_ACCOUNT = new Text(
            "You can only change the account you are logged in with. Log out to register another account.",
            "只能修改当前登录的账号。如需注册其他账号，请先退出登录。");
    static final Text NOTHING_TO_CHANGE = new Text(
            "Nothing to change: send a new password or a new nickname.",
            "没有要修改的内容：请提交新密码或新昵称。");
    static final Text REMOVE_ALONE = new Text(
            "To remove your account, send <remove/> as the only element of the request.",
            "注销账号时，请求中只能包含 <remove/>。");
    static final Text LOG_IN_FIRST = new Text(
            "Log in to the account you want to remove first.", "请先登录要注销的账号。");
    static final Text NO_ACCOUNT = new Text(
            "This account does not exist (any more).", "该账号不存在或已被注销。");
    static final Text STORAGE_FAILED = new Text(
            "The server could not save your account just now. Please try again later.",
            "服务器暂时无法保存账号信息，请稍后再试。");
    static final Text BAD_REQUEST = new Text(
            "Send a jabber:iq:register query in an IQ of type get or set.",
            "请求格式错误：请在 get 或 set 类型的 IQ 中发送 jabber:iq:register 查询。");

    static final Text RESERVED = new Text("This account name is reserved and cannot be registered.",
            "该账号名为保留名称，不能注册。");
    static final Text OLD_PASSWORD_NEEDED = new Text(
            "To change the password, fill in the form with your current password (old_password) and the new one.",
            "修改密码时，请在表单中填写当前密码（old_password）和新密码。");
    static final Text OLD_PASSWORD_WRONG = new Text("The current password is wrong; the password was not changed.",
            "当前密码不正确，密码未修改。");
    static final Text PASSWORD_CHANGED = new Text("The password of this account was changed. Log in again.",
            "此账号的密码已修改，请重新登录。");

    /** The settings change together on reconfiguration; read once per request. */
    private record Settings(boolean registrationEnabled, PasswordPolicy policy, Set<String> reserved,
            Set<String> administrators, boolean administratorsFromLoopback, int perAddressPerHour, int perHour) {

        /**
         * Whether this name may not be registered from there: a service or reserved name never; a listed
         * administrator only from the server's own machine (how the first administrator gets an account).
         */
        boolean refuses(String name, java.net.InetSocketAddress from) {
            if (administrators.contains(name)) {
                return !(administratorsFromLoopback && from != null && from.getAddress() != null
                        && from.getAddress().isLoopbackAddress());
            }
            return reserved.contains(name);
        }
    }

    private final AccountService accounts;
    private final RegistrationLimiter limiter = new RegistrationLimiter(java.time.Clock.systemUTC());
    private volatile Settings settings;

    /** The sensitive-word list, while the filter plugin runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WordFilter words;

    /** The core's sessions: a password change ends the account's other sessions. */
    private final SessionManager sessions;

    @Activate
    public RegistrationHandler(@Reference(name = "accounts") AccountService accounts, @Reference SessionManager sessions,
            AuthConfig config) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.settings = settings(config);
        warnAboutMissingAdministrators(config);
    }

    /**
     * A listed administrator without an account is reserved (nobody can register it in-band), so
     * the administrator must be created another way: say so at start.
     */
    private void warnAboutMissingAdministrators(AuthConfig config) {
        for (String admin : names(config.accounts())) {
            if (!accounts.exists(admin)) {
                LOG.warn("administrator '{}' of admin.accounts has no account; in-band registration of the name is "
                        + "refused from other machines: register it on the server's own machine (loopback), or create "
                        + "it with the add-user command of another administrator", admin);
            }
        }
    }

    private static Set<String> names(String list) {
        Set<String> names = new java.util.HashSet<>();
        for (String n : list.split(",")) {
            String name = n.strip();
            if (!name.isEmpty()) {
                try {
                    names.add(org.jxmpp.jid.parts.Localpart.from(name).toString());
                } catch (org.jxmpp.stringprep.XmppStringprepException | IllegalArgumentException e) {
                    names.add(name.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return Set.copyOf(names);
    }

    /** Takes the new settings without restarting the component (and so without a gap in service). */
    @Modified
    void modified(AuthConfig config) {
        settings = settings(config);
    }

    private static Settings settings(AuthConfig config) {
        int minLength = config.password_min_length();
        if (minLength < 1) {
            LOG.warn("password_min_length={} makes no sense; using 1", minLength);
            minLength = 1;
        }
        Settings s = new Settings(config.registration_enabled(),
                new PasswordPolicy(minLength, config.password_require_letters_and_digits()),
                names(config.registration_reserved_names()), names(config.accounts()),
                config.registration_administrators_from_loopback(),
                Math.max(0, config.registration_per_address_per_hour()), Math.max(0, config.registration_per_hour()));
        LOG.info("in-band registration {}; passwords: at least {} characters{}",
                s.registrationEnabled() ? "enabled" : "disabled", s.policy().minLength(),
                s.policy().requireLettersAndDigits() ? " with letters and digits" : "");
        return s;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) {
        Settings current = settings;
        try {
            Element query = iq.payload().filter(p -> p.is("query", NS))
                    .orElseThrow(() -> new StanzaException(BAD_REQUEST.error(Condition.BAD_REQUEST)));
            String type = iq.type() == null ? "" : iq.type();
            Optional<EntityBareJid> account = session.account();
            return switch (type) {
                case "get" -> account.isPresent()
                        ? iq.resultReply(registeredForm(username(account.get()), language(iq, session)))
                        : iq.resultReply(emptyForm(current, language(iq, session)));
                case "set" -> account.isPresent()
                        ? changeOwnAccount(iq, query, username(account.get()), session, current)
                        : register(iq, query, session, current);
                default -> throw new StanzaException(BAD_REQUEST.error(Condition.BAD_REQUEST));
            };
        } catch (StanzaException e) {
            return errorReply(iq, e.error());
        }
    }

    // ---------------------------------------------------------------- get

    private Element emptyForm(Settings current, String language) throws StanzaException {
        if (!current.registrationEnabled()) {
            // the form would only lead to a refusal; say so now (not-allowed, as for the set)
            throw new StanzaException(REGISTRATION_DISABLED.error(Condition.NOT_ALLOWED));
        }
        Text rule = current.policy().rule();
        Text instructions = new Text(
                "Choose an account name, a password and a nickname. Password: " + rule.en(),
                "请填写账号、密码和昵称。密码要求：" + rule.zh());
        return Element.builder("query", NS)
                .textChild("instructions", instructions.in(language))
                .child(Element.of("username", NS))
                .child(Element.of("password", NS))
                .child(Element.of("nick", NS))
                .build();
    }

    private Element registeredForm(String username, String language) {
        Text instructions = new Text(
                "You are registered. Send a new password or nickname to change it, or <remove/> to delete your account.",
                "您已注册。提交新密码或新昵称即可修改，提交 <remove/> 将注销账号。");
        Element.Builder query = Element.builder("query", NS)
                .child(Element.of("registered", NS))
                .textChild("instructions", instructions.in(language))
                .textChild("username", username)
                .child(Element.of("password", NS)); // never given out; empty as XEP-0077 allows
        accounts.find(username).map(Account::nickname).ifPresent(nick -> query.textChild("nick", nick));
        return query.build();
    }

    // ---------------------------------------------------------------- set before authentication

    private Stanza register(Stanza iq, Element query, Session session, Settings current) throws StanzaException {
        if (query.child("remove", NS).isPresent()) {
            // XEP-0077 §3.2: an unauthenticated entity has no account to remove
            throw new StanzaException(LOG_IN_FIRST.error(Condition.UNEXPECTED_REQUEST));
        }
        if (!current.registrationEnabled()) {
            throw new StanzaException(REGISTRATION_DISABLED.error(Condition.NOT_ALLOWED));
        }
        String username = query.childText("username").map(String::strip).orElse("");
        String password = query.childText("password").orElse(""); // as typed: spaces may be meant
        String nick = query.childText("nick").map(String::strip).orElse("");
        requireAll(username, password, nick);

        String normalized = normalize(username);
        if (current.refuses(normalized, session.remoteAddress())) {
            LOG.warn("registration of the reserved name {} refused (from {})", normalized, session.remoteAddress());
            throw new StanzaException(RESERVED.error(Condition.NOT_ALLOWED));
        }
        checkNickname(nick);
        if (!current.policy().accepts(password)) {
            throw new StanzaException(current.policy().violation());
        }
        String address = address(session);
        Optional<Text> tooMany = limiter.acquire(address, current.perAddressPerHour(), current.perHour());
        if (tooMany.isPresent()) {
            LOG.info("registration of {} from {} refused: too many registrations in the last hour", normalized, address);
            throw new StanzaException(tooMany.get().error(Condition.RESOURCE_CONSTRAINT));
        }
        try {
            accounts.create(normalized, password, nick);
        } catch (AccountException e) {
            limiter.release(address); // a name taken or refused uses no place
            throw failure(e, normalized);
        } catch (RuntimeException e) {
            limiter.release(address);
            throw e;
        }
        LOG.info("account {} registered in-band from {}", normalized, session.remoteAddress());
        return iq.resultReply(null);
    }

    /** XEP-0077 §3.1: every field of the form is required; an empty one counts as missing. */
    private static void requireAll(String username, String password, String nick) throws StanzaException {
        List<String> en = new ArrayList<>();
        List<String> zh = new ArrayList<>();
        if (username.isEmpty()) {
            en.add("username");
            zh.add("账号");
        }
        if (password.isEmpty()) {
            en.add("password");
            zh.add("密码");
        }
        if (nick.isEmpty()) {
            en.add("nick");
            zh.add("昵称");
        }
        if (!en.isEmpty()) {
            throw new StanzaException(new Text(
                    (en.size() == 1 ? "Missing required field: " : "Missing required fields: ") + String.join(", ", en) + ".",
                    "缺少必填项：" + String.join("、", zh) + "。").error(Condition.NOT_ACCEPTABLE));
        }
    }

    // ---------------------------------------------------------------- set after authentication

    private Stanza changeOwnAccount(Stanza iq, Element query, String own, Session session, Settings current)
            throws StanzaException {
        if (query.child("remove", NS).isPresent()) {
            if (query.elements().size() != 1) {
                throw new StanzaException(REMOVE_ALONE.error(Condition.BAD_REQUEST));
            }
            return remove(iq, own, session);
        }
        Optional<String> username = query.childText("username").map(String::strip).filter(u -> !u.isEmpty());
        if (username.isPresent() && !own.equals(normalizeOrNull(username.get()))) {
            // XEP-0077 has no case for acting on another account; the request is well-formed but not permitted
            throw new StanzaException(NOT_YOUR_ACCOUNT.error(Condition.NOT_ALLOWED));
        }
        // XEP-0077 §3.3: an empty <password/> keeps the existing password
        Optional<DataForm> form = query.child("x", DataForm.NS).map(DataForm::parse);
        String password = form.map(f -> typed(f, "password").orElse(""))
                .orElseGet(() -> query.childText("password").orElse(""));
        String nick = query.childText("nick").map(String::strip).orElse("");
        if (password.isEmpty() && nick.isEmpty()) {
            throw new StanzaException(NOTHING_TO_CHANGE.error(Condition.BAD_REQUEST));
        }
        // check everything before changing anything, so a refused nickname leaves the password alone
        if (!password.isEmpty() && !current.policy().accepts(password)) {
            throw new StanzaException(current.policy().violation());
        }
        if (!nick.isEmpty()) {
            checkNickname(nick);
        }
        if (!password.isEmpty()) {
            // whoever holds an unlocked laptop must not be able to take the account over (XEP-0077 §3.3's form)
            String old = form.flatMap(f -> typed(f, "old_password")).orElse("");
            if (old.isEmpty()) {
                return errorReply(iq, OLD_PASSWORD_NEEDED.error(Condition.NOT_AUTHORIZED), changePasswordForm(own, language(iq, session)));
            }
            if (!accounts.checkPassword(own, old)) {
                LOG.warn("password change of {} refused: wrong current password (from {})", own, session.remoteAddress());
                throw new StanzaException(OLD_PASSWORD_WRONG.error(Condition.NOT_AUTHORIZED));
            }
        }
        try {
            if (!password.isEmpty()) {
                accounts.changePassword(own, password);
            }
            if (!nick.isEmpty()) {
                accounts.changeNickname(own, nick);
            }
        } catch (AccountException e) {
            throw failure(e, own);
        }
        if (!password.isEmpty()) {
            // the answer first, then the account's other sessions end: they logged in with the old password
            session.send(iq.resultReply(null));
            int ended = endOtherSessions(session);
            LOG.info("password of {} changed; {} other session(s) ended", own, ended);
            return null;
        }
        return iq.resultReply(null);
    }

    /** Ends the account's sessions but this one. */
    private int endOtherSessions(Session session) {
        return sessions.terminateOthers(session, StreamErrorCondition.NOT_AUTHORIZED, PASSWORD_CHANGED.en());
    }

    /** XEP-0077 §3.3: the form a password change must be submitted with. */
    private static Element changePasswordForm(String own, String language) {
        DataForm form = DataForm.of("form", Text.isChinese(language) ? "修改密码" : "Change password",
                        OLD_PASSWORD_NEEDED.in(language))
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, NS))
                .with(DataForm.Field.of("username", "text-single", null, own).asRequired())
                .with(DataForm.Field.of("old_password", "text-private", null).asRequired())
                .with(DataForm.Field.of("password", "text-private", null).asRequired());
        return Element.builder("query", NS).child(form.toElement()).build();
    }

    /** A field's first value as typed (a password's spaces may be meant), empty when absent. */
    private static Optional<String> typed(DataForm form, String var) {
        return form.field(var).flatMap(f -> f.values().stream().findFirst()).filter(v -> !v.isEmpty());
    }

    /**
     * Removes the session's own account. {@link AccountService#delete} ends the account's sessions
     * (with a {@code not-authorized} stream error, as XEP-0077 §3.2 asks), so a reply returned after
     * it would go to a closed stream. The result is therefore sent first, then the account deleted,
     * and null returned (the request is answered). Clients such as Smack wait for that result and
     * would report a failure without it. The price: if the database fails after the result went out,
     * the client was told "removed" while the account stays; that is logged as an error. Everything
     * that can be checked beforehand (the request's shape, the account's existence) is checked first.
     */
    private Stanza remove(Stanza iq, String own, Session session) throws StanzaException {
        if (accounts.find(own).isEmpty()) {
            throw new StanzaException(NO_ACCOUNT.error(Condition.REGISTRATION_REQUIRED));
        }
        session.send(iq.resultReply(null));
        try {
            accounts.delete(own);
            LOG.info("account {} removed at its owner's request", own);
        } catch (AccountException e) {
            LOG.error("account {} could not be removed after the client was told it was: {}", own, e.getMessage());
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    private String normalize(String username) throws StanzaException {
        try {
            return accounts.normalize(username);
        } catch (AccountException e) {
            throw new StanzaException(INVALID_USERNAME.error(Condition.JID_MALFORMED));
        }
    }

    private String normalizeOrNull(String username) {
        try {
            return accounts.normalize(username);
        } catch (AccountException e) {
            return null;
        }
    }

    private void checkNickname(String nick) throws StanzaException {
        if (nick.codePointCount(0, nick.length()) > MAX_NICKNAME) {
            throw new StanzaException(NICKNAME_TOO_LONG.error(Condition.NOT_ACCEPTABLE));
        }
        WordFilter filter = words;
        WordFilter.Verdict verdict = filter == null ? null : filter.check(nick);
        if (verdict != null && !verdict.isClean()) {
            throw new StanzaException(new Text(
                    "This nickname contains words that are not allowed (" + String.join(", ", verdict.rules()) + ").",
                    "昵称中含有不允许使用的词语（" + String.join("、", verdict.rules()) + "）。").error(Condition.NOT_ACCEPTABLE));
        }
    }

    private static StanzaException failure(AccountException e, String username) {
        return switch (e.reason()) {
            case CONFLICT -> new StanzaException(TAKEN.error(Condition.CONFLICT));
            case NOT_FOUND -> new StanzaException(NO_ACCOUNT.error(Condition.REGISTRATION_REQUIRED));
            // the account service's own wording (English, never containing the password)
            case INVALID -> new StanzaException(new Text(e.getMessage(), "注册信息不符合要求：" + e.getMessage())
                    .error(Condition.NOT_ACCEPTABLE));
            case STORAGE -> {
                LOG.warn("account {}: {}", username, e.getMessage());
                yield new StanzaException(STORAGE_FAILED.error(Condition.INTERNAL_SERVER_ERROR));
            }
        };
    }

    private static String address(Session session) {
        java.net.InetSocketAddress a = session.remoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
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
