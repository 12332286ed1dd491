package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.magpie.client.model.CredentialVault;
import org.magpie.client.model.LoginForm;
import org.magpie.client.model.LoginPresenter;
import org.magpie.client.model.RegisterPresenter;
import org.magpie.client.model.RegistrationForm;
import org.magpie.client.model.Settings;
import org.magpie.client.model.Texts;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;

class LoginAndRegisterPresenterTest {

    private final FakeMessagingService service = new FakeMessagingService();
    private final Map<String, String> prefs = new HashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final List<String> events = new ArrayList<>();

    private final Settings settings = new Settings() {
        @Override
        public String get(String key, String fallback) {
            return prefs.getOrDefault(key, fallback);
        }

        @Override
        public void put(String key, String value) {
            prefs.put(key, value);
        }
    };

    private final CredentialVault vault = new CredentialVault() {
        @Override
        public Optional<String> password(String server, String username) {
            return Optional.ofNullable(secrets.get(server + "|" + username));
        }

        @Override
        public void store(String server, String username, String password) {
            secrets.put(server + "|" + username, password);
        }

        @Override
        public void forget(String server, String username) {
            secrets.remove(server + "|" + username);
        }
    };

    private final LoginPresenter.View loginView = new LoginPresenter.View() {
        @Override
        public void busy(boolean busy) {
            events.add("busy " + busy);
        }

        @Override
        public void error(String text) {
            events.add("error " + text);
        }

        @Override
        public void loggedIn(String account) {
            events.add("in " + account);
        }
    };

    private final RegisterPresenter.View registerView = new RegisterPresenter.View() {
        @Override
        public void busy(boolean busy) {
            events.add("busy " + busy);
        }

        @Override
        public void error(String text) {
            events.add("error " + text);
        }

        @Override
        public void registered(String username, String text) {
            events.add("registered " + username + ": " + text);
        }
    };

    private LoginPresenter login(Locale locale) {
        return new LoginPresenter(service, settings, vault, new Texts(locale), Runnable::run, loginView);
    }

    @Test
    void firstStartSuggestsTheLocalServer() {
        LoginForm form = login(Locale.ENGLISH).initialForm();
        assertEquals("127.0.0.1", form.host());
        assertEquals("5222", form.port());
        assertEquals("", form.password());
        assertFalse(form.remember());
    }

    @Test
    void missingFieldsAndBadPortAreCaughtBeforeConnecting() {
        LoginPresenter p = login(Locale.ENGLISH);
        p.login(new LoginForm("127.0.0.1", "5222", "", "secret", false));
        p.login(new LoginForm("127.0.0.1", "99999", "alice", "secret", false));
        p.login(new LoginForm("127.0.0.1", "5222", "alice", "", false));
        p.login(new LoginForm("127.0.0.1", "5222", "a lice", "x", false));
        assertEquals(List.of("error Account is required.", "error The port must be a number from 1 to 65535.",
                "error Password is required.",
                "error An account name may not contain spaces or any of \" & ' / : < > @"), events);
        assertTrue(service.calls.isEmpty());
    }

    @Test
    void chineseTextsWhenTheUserChoseChinese() {
        login(Locale.SIMPLIFIED_CHINESE).login(new LoginForm("127.0.0.1", "5222", "", "secret", false));
        assertEquals(List.of("error 请填写账号。"), events);
    }

    @Test
    void successfulLoginRemembersServerAndAccountAndThePasswordOnlyWhenAsked() {
        LoginPresenter p = login(Locale.ENGLISH);
        p.login(new LoginForm("127.0.0.1", "5333", "alice", "alicepass1", true));
        assertEquals("login", service.last().operation());
        assertEquals("localhost", service.last().server().domain(), "a loopback server serves localhost");
        ((java.util.concurrent.CompletableFuture<String>) service.last().result()).complete("alice@localhost");
        assertEquals(List.of("busy true", "busy false", "in alice@localhost"), events);
        LoginForm again = login(Locale.ENGLISH).initialForm();
        assertEquals(new LoginForm("127.0.0.1", "5333", "alice", "alicepass1", true), again);
        assertFalse(prefs.containsValue("alicepass1"), "never in plain preferences");

        login(Locale.ENGLISH).login(new LoginForm("127.0.0.1", "5333", "alice", "alicepass1", false));
        ((java.util.concurrent.CompletableFuture<String>) service.last().result()).complete("alice@localhost");
        assertEquals("", login(Locale.ENGLISH).initialForm().password(), "forgotten when remember-me is off");
    }

    @Test
    void failuresAreExplainedInWordsAUserUnderstands() {
        LoginPresenter p = login(Locale.ENGLISH);
        p.login(new LoginForm("chat.example.com", "5222", "alice", "wrong", false));
        assertEquals("chat.example.com", service.last().server().domain());
        service.last().result().completeExceptionally(new ServiceException(FailureKind.WRONG_CREDENTIALS, null));
        p.login(new LoginForm("10.9.9.9", "5222", "alice", "pw", false));
        service.last().result().completeExceptionally(
                new java.util.concurrent.CompletionException(new ServiceException(FailureKind.UNREACHABLE, null)));
        assertEquals(List.of("busy true", "busy false", "error Wrong account or password.", "busy true", "busy false",
                "error Cannot reach the server 10.9.9.9:5222. Check the server address and port, and your network."), events);
    }

    @Test
    void registrationChecksConfirmationBeforeSendingAndShowsTheServersRule() {
        RegisterPresenter p = new RegisterPresenter(service, new Texts(Locale.ENGLISH), Runnable::run, registerView);
        p.register(new RegistrationForm("127.0.0.1", "5222", "carol", "carolpass1", "carolpass2", "Carol"));
        p.register(new RegistrationForm("127.0.0.1", "5222", "carol", "carolpass1", "carolpass1", " "));
        assertTrue(service.calls.isEmpty());
        p.register(new RegistrationForm("127.0.0.1", "5222", "carol", "short", "short", "Carol 卡罗尔"));
        assertEquals(List.of("carol", "short", "Carol 卡罗尔"), service.last().args());
        service.last().result().completeExceptionally(new ServiceException(FailureKind.WEAK_PASSWORD,
                "Password too weak: use at least 8 characters with both letters and digits."));
        p.register(new RegistrationForm("127.0.0.1", "5222", "carol", "carolpass1", "carolpass1", "Carol"));
        service.last().result().completeExceptionally(new ServiceException(FailureKind.ACCOUNT_TAKEN, "taken"));
        p.register(new RegistrationForm("127.0.0.1", "5222", "dan", "danpass123", "danpass123", "Dan"));
        ((java.util.concurrent.CompletableFuture<Void>) service.last().result()).complete(null);
        assertEquals(List.of(
                "error The two passwords are not the same.",
                "error Nickname is required.",
                "busy true", "busy false", "error Password too weak: use at least 8 characters with both letters and digits.",
                "busy true", "busy false", "error This account name is already taken. Please choose another one.",
                "busy true", "busy false", "registered dan: Account dan has been created. You can log in now."), events);
    }
}
