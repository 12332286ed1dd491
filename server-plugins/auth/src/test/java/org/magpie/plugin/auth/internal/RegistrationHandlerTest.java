package org.magpie.plugin.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.EventLog;
import org.magpie.server.testsupport.FakeAccountService;
import org.magpie.server.testsupport.FakeSession;
import org.magpie.server.testsupport.FakeSessionManager;

class RegistrationHandlerTest {

    private static final String NS = Namespaces.REGISTER;
    private static final String GOOD_PASSWORD = "secret123";
    /** The plugin's texts: all in one bundle, whichever part of the handler uses them. */
    private static final Texts TEXTS = Texts.of(RegistrationHandler.class);

    private final EventLog log = new EventLog();
    private final FakeSession alice = FakeSession.bound("alice@example.com/desk").logTo(log);
    private FakeAccountService accounts;
    private RegistrationHandler handler;

    @BeforeEach
    void setUp() {
        accounts = new FakeAccountService(log);
        handler = new RegistrationHandler(accounts, new FakeSessionManager(log), config(true, 8, true));
    }

    static AuthConfig config(boolean enabled, int minLength, boolean lettersAndDigits) {
        return new AuthConfig() {
            @Override
            public boolean registration_enabled() {
                return enabled;
            }

            @Override
            public int password_min_length() {
                return minLength;
            }

            @Override
            public boolean password_require_letters_and_digits() {
                return lettersAndDigits;
            }

            @Override
            public String registration_reserved_names() {
                return "admin,weather";
            }

            @Override
            public boolean registration_administrators_from_loopback() {
                return false;
            }

            @Override
            public String accounts() {
                return "boss";
            }

            @Override
            public int registration_per_address_per_hour() {
                return 0; // these tests register many accounts from one address
            }

            @Override
            public int registration_per_hour() {
                return 0;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AuthConfig.class;
            }
        };
    }

    // ---------------------------------------------------------------- building requests, reading replies

    private static Element query(String... childrenAndTexts) {
        Element.Builder q = Element.builder("query", NS);
        for (int i = 0; i < childrenAndTexts.length; i += 2) {
            String text = childrenAndTexts[i + 1];
            q.child(Element.builder(childrenAndTexts[i], NS).text(text).build());
        }
        return q.build();
    }

    private static Stanza iq(String type, String from, Element payload) throws StanzaException {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT).attribute("type", type).attribute("id", "r1")
                .attribute("from", from);
        if (payload != null) {
            b.child(payload);
        }
        return Stanza.of(b.build());
    }

    private FakeSession anonymous() {
        return FakeSession.anonymous().logTo(log);
    }

    private FakeSession alice() throws Exception {
        return alice;
    }

    /** A password change as XEP-0077 §3.3's form asks for it: the current password and the new one. */
    private static Element change(String oldPassword, String newPassword) {
        Element.Builder x = Element.builder("x", "jabber:x:data").attribute("type", "submit");
        String[][] fields = {{"FORM_TYPE", NS}, {"old_password", oldPassword}, {"password", newPassword}};
        for (String[] f : fields) {
            x.child(Element.builder("field", "jabber:x:data").attribute("var", f[0])
                    .child(Element.builder("value", "jabber:x:data").text(f[1]).build()).build());
        }
        return Element.builder("query", NS).child(x.build()).build();
    }

    private Stanza register(String username, String password, String nick) throws Exception {
        return handler.handle(iq("set", null, query("username", username, "password", password, "nick", nick)), anonymous());
    }

    private static void assertResult(Stanza reply) {
        assertEquals("result", reply.type(), () -> reply.toString());
        assertEquals("r1", reply.id());
    }

    /** Asserts an error reply with this condition and these en/zh texts, and returns it. */
    private static Stanza assertError(Stanza reply, String condition, String en, String zh) {
        assertEquals("error", reply.type(), () -> reply.toString());
        assertEquals("r1", reply.id());
        Element error = reply.element().child("error", Namespaces.CLIENT).orElseThrow();
        assertTrue(error.child(condition, Namespaces.STANZA_ERRORS).isPresent(), () -> reply.toString());
        Map<String, String> texts = new LinkedHashMap<>();
        for (Element e : error.elements()) {
            if (e.is("text", Namespaces.STANZA_ERRORS)) {
                texts.put(e.attribute("xml:lang"), e.text());
            }
        }
        if (en != null) {
            assertEquals(en, texts.get("en"));
        }
        if (zh != null) {
            assertEquals(zh, texts.get("zh"));
        }
        assertFalse(reply.element().child("query", NS).isPresent(), "the request is not echoed");
        return reply;
    }

    // ---------------------------------------------------------------- tests

    @Nested
    class GetBeforeLogin {

        @Test
        void returnsTheFormWithEnglishInstructions() throws Exception {
            Stanza reply = handler.handle(iq("get", null, query()), anonymous());
            assertResult(reply);
            Element q = reply.payload().orElseThrow();
            assertTrue(q.is("query", NS));
            assertEquals(List.of("instructions", "username", "password", "nick"),
                    q.elements().stream().map(Element::name).toList());
            assertEquals("Choose an account name and a password, and a nickname if you like (without one, your name or "
                    + "else the account name is shown). Password: use at least 8 characters with both letters and digits.",
                    q.childText("instructions").orElseThrow());
            assertEquals("", q.childText("username").orElseThrow());
            assertFalse(q.child("registered", NS).isPresent());
        }

        @Test
        void speaksChineseToAChineseStream() throws Exception {
            Stanza reply = handler.handle(iq("get", null, query()), FakeSession.anonymous().language("zh-CN").logTo(log));
            assertEquals("请填写账号和密码，昵称可选（不填时显示你的姓名，没有姓名则显示账号）。密码要求：至少 8 个字符，且同时包含字母和数字。",
                    reply.payload().orElseThrow().childText("instructions").orElseThrow());
        }

        @Test
        void stanzaLanguageWinsOverTheStreamLanguage() throws Exception {
            Stanza request = Stanza.of(iq("get", null, query()).element().withAttribute("xml:lang", "zh"));
            Stanza reply = handler.handle(request, anonymous());
            assertTrue(reply.payload().orElseThrow().childText("instructions").orElseThrow().startsWith("请填写"));
        }

        @Test
        void saysNotAllowedWhenRegistrationIsOff() throws Exception {
            handler.modified(config(false, 8, true));
            assertError(handler.handle(iq("get", null, query()), anonymous()), "not-allowed",
                    TEXTS.text("registration.disabled").english(), TEXTS.text("registration.disabled").in("zh"));
        }
    }

    @Nested
    class Register {

        @Test
        void createsTheAccountAndAnswersEmptyResult() throws Exception {
            Stanza reply = register("Bob", GOOD_PASSWORD, " Bobby ");
            assertResult(reply);
            assertTrue(reply.payload().isEmpty());
            assertEquals("Bobby", accounts.find("bob").orElseThrow().nickname());
            assertEquals(GOOD_PASSWORD, accounts.password("bob").orElse(null));
        }

        @Test
        void namesTheMissingField() throws Exception {
            assertError(register("bob", "", "Bobby"), "not-acceptable",
                    "Missing required field: password.", "缺少必填项：密码。");
            assertError(register("  ", GOOD_PASSWORD, "Bobby"), "not-acceptable",
                    "Missing required field: username.", "缺少必填项：账号。");
            assertError(handler.handle(iq("set", null, query("nick", "Bobby")), anonymous()), "not-acceptable",
                    "Missing required fields: username, password.", "缺少必填项：账号、密码。");
            assertEquals(0, accounts.count());
        }

        @Test
        void withoutANickTheAccountNameIsTheNickname() throws Exception {
            // what Smack's AccountManager and Profanity send: username and password only
            assertResult(handler.handle(iq("set", null, query("username", "Bob", "password", GOOD_PASSWORD)), anonymous()));
            assertEquals("bob", accounts.find("bob").orElseThrow().nickname());
            // Smack fills every field of the form it was offered, the nick empty
            assertResult(register("carol", GOOD_PASSWORD, "  "));
            assertEquals("carol", accounts.find("carol").orElseThrow().nickname());
        }

        @Test
        void withoutANickTheNameIsTheNickname() throws Exception {
            assertResult(handler.handle(iq("set", null, query("username", "bob", "password", GOOD_PASSWORD,
                    "name", " Bob Builder ", "email", "bob@example.org")), anonymous()));
            assertEquals("Bob Builder", accounts.find("bob").orElseThrow().nickname());
            assertResult(handler.handle(iq("set", null, query("username", "carol", "password", GOOD_PASSWORD,
                    "name", "Carol C.", "nick", "Caro")), anonymous()));
            assertEquals("Caro", accounts.find("carol").orElseThrow().nickname(), "a given nick wins over the name");
        }

        @Test
        void aNameStandingInForTheNickIsCheckedLikeOne() throws Exception {
            assertError(handler.handle(iq("set", null, query("username", "bob", "password", GOOD_PASSWORD,
                    "name", "x".repeat(65))), anonymous()), "not-acceptable",
                    "The nickname is too long: use at most 64 characters.", "昵称过长：最多 64 个字符。");
            assertEquals(0, accounts.count());
        }

        @Test
        void refusesAWeakPasswordStatingTheRule() throws Exception {
            for (String weak : List.of("short1", "lettersonly", "12345678")) {
                assertError(register("bob", weak, "Bobby"), "not-acceptable",
                        "Password too weak: use at least 8 characters with both letters and digits.",
                        "密码强度不足：至少 8 个字符，且同时包含字母和数字。");
            }
            assertEquals(0, accounts.count());
        }

        @Test
        void refusesAMalformedUsername() throws Exception {
            assertError(register("bob@home", GOOD_PASSWORD, "Bobby"), "jid-malformed",
                    TEXTS.text("username.invalid").english(), TEXTS.text("username.invalid").in("zh"));
            assertEquals(0, accounts.count());
        }

        @Test
        void refusesATakenUsername() throws Exception {
            accounts.add("bob", "other123", "The first Bob");
            assertError(register("BOB", GOOD_PASSWORD, "Bobby"), "conflict",
                    "This account name is already taken.", "该账号已被注册。");
            assertEquals("other123", accounts.password("bob").orElse(null));
        }

        @Test
        void refusesWhenRegistrationIsOff() throws Exception {
            handler.modified(config(false, 8, true));
            assertError(register("bob", GOOD_PASSWORD, "Bobby"), "not-allowed",
                    "Registration of new accounts is switched off on this server. Please ask your administrator for an account.",
                    "本服务器已关闭新账号注册，请联系管理员开通账号。");
            assertEquals(0, accounts.count());
        }

        @Test
        void reconfigurationAppliesToTheNextRequest() throws Exception {
            handler.modified(config(true, 12, false));
            assertError(register("bob", GOOD_PASSWORD, "Bobby"), "not-acceptable",
                    "Password too weak: use at least 12 characters.", "密码强度不足：至少 12 个字符。");
            assertResult(register("bob", "twelve chars", "Bobby"));
            handler.modified(config(false, 12, false));
            assertError(register("carol", "twelve chars", "Carol"), "not-allowed", null, null);
        }

        @Test
        void refusesAnOverlongNickname() throws Exception {
            assertError(register("bob", GOOD_PASSWORD, "x".repeat(65)), "not-acceptable",
                    "The nickname is too long: use at most 64 characters.", "昵称过长：最多 64 个字符。");
            assertResult(register("bob", GOOD_PASSWORD, "喜".repeat(64)));
        }

        @Test
        void reportsAStorageFailure() throws Exception {
            accounts.breakStorage();
            assertError(register("bob", GOOD_PASSWORD, "Bobby"), "internal-server-error",
                    TEXTS.text("storage.failed").english(), TEXTS.text("storage.failed").in("zh"));
        }

        @Test
        void cannotRemoveWithoutLoggingIn() throws Exception {
            assertError(handler.handle(iq("set", null, query("remove", "")), anonymous()), "unexpected-request",
                    TEXTS.text("log.in.first").english(), TEXTS.text("log.in.first").in("zh"));
        }

        @Test
        void errorRepliesNeverCarryThePassword() throws Exception {
            accounts.add("bob", "other123", "Bob");
            String secret = "MySecret99";
            for (Stanza reply : List.of(register("bob", secret, "Bobby"), register("bob@x", secret, "Bobby"),
                    register("carol", secret, "x".repeat(80)))) {
                assertEquals("error", reply.type());
                assertFalse(reply.toString().contains(secret), reply::toString);
            }
        }
    }

    @Nested
    class LoggedIn {

        @BeforeEach
        void aliceExists() {
            accounts.add("alice", "old-pass1", "Alice");
        }

        @Test
        void getShowsTheRegistration() throws Exception {
            Stanza reply = handler.handle(iq("get", "alice@example.com/desk", query()), alice());
            assertResult(reply);
            Element q = reply.payload().orElseThrow();
            assertTrue(q.child("registered", NS).isPresent());
            assertEquals("alice", q.childText("username").orElseThrow());
            assertEquals("Alice", q.childText("nick").orElseThrow());
            assertEquals("", q.childText("password").orElseThrow(), "the password is never given out");
            assertFalse(reply.toString().contains("old-pass1"));
        }

        @Test
        void getStillWorksWhenRegistrationIsOff() throws Exception {
            handler.modified(config(false, 8, true));
            assertResult(handler.handle(iq("get", "alice@example.com/desk", query()), alice()));
        }

        @Test
        void changesThePasswordWithTheCurrentOneAndEndsTheOtherSessions() throws Exception {
            assertNull(handler.handle(iq("set", "alice@example.com/desk", change("old-pass1", "new-pass2")), alice()),
                    "answered through the session, before the other sessions end");
            assertEquals("new-pass2", accounts.password("alice").orElse(null));
            assertResult(alice.sent().get(0));
            assertEquals(List.of("password alice", "send result", "end other sessions of alice@example.com (not-authorized)"), log.events());
        }

        @Test
        void aChangeWithoutTheCurrentPasswordGetsTheForm() throws Exception {
            Stanza reply = handler.handle(iq("set", "alice@example.com/desk", query("username", "alice", "password", "new-pass2")),
                    alice());
            assertEquals("error", reply.type());
            assertTrue(reply.element().child("error", Namespaces.CLIENT).orElseThrow()
                    .child("not-authorized", Namespaces.STANZA_ERRORS).isPresent(), reply::toString);
            Element form = reply.element().child("query", NS).orElseThrow().child("x", "jabber:x:data").orElseThrow();
            assertTrue(form.toXml().contains("var=\"old_password\""), form::toXml);
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
        }

        @Test
        void aWrongCurrentPasswordChangesNothing() throws Exception {
            assertError(handler.handle(iq("set", "alice@example.com/desk", change("guess-1234", "new-pass2")), alice()),
                    "not-authorized", TEXTS.text("old.password.wrong").english(), TEXTS.text("old.password.wrong").in("zh"));
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
        }

        @Test
        void changesThePasswordWhileRegistrationIsOff() throws Exception {
            handler.modified(config(false, 8, true));
            assertNull(handler.handle(iq("set", "alice@example.com/desk", change("old-pass1", "new-pass2")), alice()));
            assertEquals("new-pass2", accounts.password("alice").orElse(null));
        }

        @Test
        void usernameIsComparedNormalised() throws Exception {
            assertResult(handler.handle(iq("set", "alice@example.com/desk",
                    query("username", "ALICE", "nick", "Ali")), alice()));
        }

        @Test
        void newPasswordMustFollowThePolicy() throws Exception {
            assertError(handler.handle(iq("set", "alice@example.com/desk", change("old-pass1", "weak")), alice()),
                    "not-acceptable", "Password too weak: use at least 8 characters with both letters and digits.",
                    "密码强度不足：至少 8 个字符，且同时包含字母和数字。");
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
        }

        @Test
        void cannotTouchAnotherAccount() throws Exception {
            accounts.add("bob", "bobs-pass1", "Bob");
            assertError(handler.handle(iq("set", "alice@example.com/desk",
                    query("username", "bob", "password", "new-pass2", "nick", "Bob")), alice()), "not-allowed",
                    TEXTS.text("not.your.account").english(), TEXTS.text("not.your.account").in("zh"));
            assertEquals("bobs-pass1", accounts.password("bob").orElse(null));
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
            assertEquals(2, accounts.count(), "no account registered while logged in");
        }

        @Test
        void emptyPasswordKeepsTheOldOneAndNickChanges() throws Exception {
            assertResult(handler.handle(iq("set", "alice@example.com/desk",
                    query("username", "alice", "password", "", "nick", "Ali")), alice()));
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
            assertEquals("Ali", accounts.find("alice").orElseThrow().nickname());
        }

        @Test
        void nothingToChangeIsABadRequest() throws Exception {
            assertError(handler.handle(iq("set", "alice@example.com/desk", query("username", "alice", "password", "")),
                    alice()), "bad-request", TEXTS.text("nothing.to.change").english(),
                    TEXTS.text("nothing.to.change").in("zh"));
        }

        @Test
        void refusedNicknameLeavesThePasswordAlone() throws Exception {
            assertError(handler.handle(iq("set", "alice@example.com/desk",
                    query("password", "new-pass2", "nick", "x".repeat(65))), alice()), "not-acceptable", null, null);
            assertEquals("old-pass1", accounts.password("alice").orElse(null));
        }

        @Test
        void storageFailureOnPasswordChange() throws Exception {
            accounts.breakStorage();
            assertError(handler.handle(iq("set", "alice@example.com/desk", change("old-pass1", "new-pass2")), alice()),
                    "internal-server-error", TEXTS.text("storage.failed").english(), TEXTS.text("storage.failed").in("zh"));
        }

        @Test
        void accountGoneMeanwhile() throws Exception {
            accounts.removeQuietly("alice");
            assertError(handler.handle(iq("set", "alice@example.com/desk", query("nick", "Ali")), alice()),
                    "registration-required", TEXTS.text("no.account").english(), TEXTS.text("no.account").in("zh"));
        }

        @Test
        void removeSendsTheResultBeforeTheSessionsEnd() throws Exception {
            Stanza returned = handler.handle(iq("set", "alice@example.com/desk", query("remove", "")), alice());
            assertNull(returned, "answered already, through the session");
            assertEquals(List.of("send result", "delete alice (sessions ended)"), log.events());
            assertEquals(1, alice.sent().size());
            assertResult(alice.sent().get(0));
            assertEquals("alice@example.com/desk", alice.sent().get(0).to().toString());
            assertTrue(accounts.find("alice").isEmpty());
        }

        @Test
        void removeMustBeAlone() throws Exception {
            assertError(handler.handle(iq("set", "alice@example.com/desk",
                    query("remove", "", "username", "alice")), alice()), "bad-request",
                    TEXTS.text("remove.alone").english(), TEXTS.text("remove.alone").in("zh"));
            assertTrue(accounts.find("alice").isPresent());
            assertTrue(alice.sent().isEmpty());
        }

        @Test
        void removeOfAMissingAccount() throws Exception {
            accounts.removeQuietly("alice");
            assertError(handler.handle(iq("set", "alice@example.com/desk", query("remove", "")), alice()),
                    "registration-required", null, null);
            assertTrue(alice.sent().isEmpty(), "no premature result");
        }

        @Test
        void removeThatFailsLateIsOnlyLogged() throws Exception {
            // the documented price of answering first: the result is out, the account stays
            accounts.breakStorage();
            assertNull(handler.handle(iq("set", "alice@example.com/desk", query("remove", "")), alice()));
            assertEquals(List.of("send result"), log.events());
            assertTrue(accounts.find("alice").isPresent());
        }
    }

    @Nested
    class Malformed {

        @Test
        void otherPayloadOrTypeIsABadRequest() throws Exception {
            Element other = Element.of("query", "jabber:iq:version");
            assertError(handler.handle(iq("get", null, other), anonymous()), "bad-request", null, null);
            assertError(handler.handle(iq("get", null, null), anonymous()), "bad-request", null, null);
            assertError(handler.handle(iq("result", null, query()), anonymous()), "bad-request",
                    TEXTS.text("bad.request").english(), TEXTS.text("bad.request").in("zh"));
        }
    }

    @Test
    void reservedNamesAndListedAdministratorsCannotBeRegistered() throws Exception {
        for (String name : new String[] {"admin", "Weather", "BOSS"}) {
            assertError(register(name, GOOD_PASSWORD, "X"), "not-allowed", TEXTS.text("name.reserved").english(),
                    TEXTS.text("name.reserved").in("zh"));
        }
        assertResult(register("bossy", GOOD_PASSWORD, "Bossy"));
    }

    @Test
    void passwordsNeverReachTheLog() throws Exception {
        String secret = "Sentinel-Pw-4711";
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.ALL);
        try {
            handler.modified(config(true, 8, true));
            register("dave", secret, "Dave");                      // success
            register("dave", secret, "Dave");                      // conflict
            register("erin", secret.substring(0, 5), "Erin");      // weak
            FakeSession dave = FakeSession.bound("dave@example.com/pc").logTo(log);
            handler.handle(iq("set", "dave@example.com/pc", change(secret, secret + "x")), dave);
            handler.handle(iq("set", "dave@example.com/pc", change("wrong" + secret, secret + "z")), dave);
            accounts.breakStorage();
            handler.handle(iq("set", "dave@example.com/pc", change(secret + "x", secret + "y")), dave);
            handler.handle(iq("set", "dave@example.com/pc", query("remove", "")), dave);
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertFalse(logged.isEmpty(), "the log was captured");
        for (String line : logged) {
            assertFalse(line.contains(secret.substring(0, 5)), line);
        }
    }

    @Test
    void discoAdvertisesTheFeature() {
        assertEquals(List.of("jabber:iq:register"), List.copyOf(new RegisterDiscoProvider().features()));
    }

}
