package org.magpie.server.testsupport;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.magpie.server.api.Account;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountException.Reason;
import org.magpie.server.api.AccountService;

/**
 * Accounts in memory. It keeps passwords in the clear, unlike the real service, so that tests can
 * look; it notes every change in its {@link EventLog} ({@code create bob}, {@code password alice}).
 */
public final class FakeAccountService implements AccountService {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final EventLog log;
    private volatile boolean broken;

    public FakeAccountService() {
        this(EventLog.NONE);
    }

    public FakeAccountService(EventLog log) {
        this.log = log;
    }

    /** An account that exists before the test starts (not logged). */
    public FakeAccountService add(String username, String password, String nickname) {
        accounts.put(username, new Account(username, nickname, Instant.EPOCH));
        passwords.put(username, password);
        return this;
    }

    /** Removes an account behind the back of whoever uses the service, as another administrator might. */
    public void removeQuietly(String username) {
        accounts.remove(username);
        passwords.remove(username);
    }

    /** The password now stored, if the account exists. */
    public Optional<String> password(String username) {
        return Optional.ofNullable(passwords.get(username));
    }

    /** From now on every change fails like a broken database ({@link Reason#STORAGE}). */
    public void breakStorage() {
        broken = true;
    }

    @Override
    public String normalize(String username) throws AccountException {
        if (username == null || username.isBlank() || username.length() > 64 || username.chars().anyMatch(
                c -> Character.isWhitespace(c) || "\"&'/:<>@".indexOf(c) >= 0)) {
            throw new AccountException(Reason.INVALID, "Not a valid username.");
        }
        return username.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public Account create(String username, String password, String nickname) throws AccountException {
        String name = normalize(username);
        checkStorage();
        if (nickname == null || nickname.isBlank() || password == null || password.isEmpty()) {
            throw new AccountException(Reason.INVALID, "The nickname is empty.");
        }
        Account account = new Account(name, nickname, Instant.EPOCH);
        if (accounts.putIfAbsent(name, account) != null) {
            throw new AccountException(Reason.CONFLICT, "The username is taken.");
        }
        passwords.put(name, password);
        log.add("create " + name);
        return account;
    }

    @Override
    public void changePassword(String username, String newPassword) throws AccountException {
        checkStorage();
        existing(username);
        passwords.put(username, newPassword);
        log.add("password " + username);
    }

    @Override
    public void changeNickname(String username, String nickname) throws AccountException {
        checkStorage();
        Account old = existing(username);
        accounts.put(username, new Account(username, nickname, old.created()));
        log.add("nick " + username);
    }

    /** Deletes the account; the real service also ends its sessions, which this one only notes. */
    @Override
    public void delete(String username) throws AccountException {
        checkStorage();
        existing(username);
        removeQuietly(username);
        log.add("delete " + username + " (sessions ended)");
    }

    @Override
    public boolean checkPassword(String username, String password) {
        return password != null && password.equals(passwords.get(username));
    }

    @Override
    public long count() {
        return accounts.size();
    }

    private Account existing(String username) throws AccountException {
        Account a = accounts.get(username);
        if (a == null) {
            throw new AccountException(Reason.NOT_FOUND, "No such account.");
        }
        return a;
    }

    private void checkStorage() throws AccountException {
        if (broken) {
            throw new AccountException(Reason.STORAGE, "The account store failed; please try again later.");
        }
    }
}
