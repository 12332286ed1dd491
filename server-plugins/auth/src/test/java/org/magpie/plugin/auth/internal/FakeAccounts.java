package org.magpie.plugin.auth.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.magpie.server.api.Account;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountException.Reason;
import org.magpie.server.api.AccountService;

/** An in-memory account service; it keeps passwords in the clear only so tests can look. */
final class FakeAccounts implements AccountService {

    final Map<String, Account> accounts = new ConcurrentHashMap<>();
    final Map<String, String> passwords = new ConcurrentHashMap<>();
    /** Shared with {@link FakeSession}, to see what happened in which order. */
    final List<String> events;
    /** When set, every write fails like a broken database. */
    volatile boolean storageBroken;

    FakeAccounts(List<String> events) {
        this.events = events;
    }

    void add(String username, String password, String nick) {
        accounts.put(username, new Account(username, nick, Instant.EPOCH));
        passwords.put(username, password);
    }

    @Override
    public String normalize(String username) throws AccountException {
        if (username == null || username.isBlank() || username.length() > 64 || username.chars().anyMatch(
                c -> Character.isWhitespace(c) || "\"&'/:<>@".indexOf(c) >= 0)) {
            throw new AccountException(Reason.INVALID, "bad name");
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
            throw new AccountException(Reason.CONFLICT, "taken");
        }
        passwords.put(name, password);
        events.add("create " + name);
        return account;
    }

    @Override
    public void changePassword(String username, String newPassword) throws AccountException {
        checkStorage();
        requireExisting(username);
        passwords.put(username, newPassword);
        events.add("password " + username);
    }

    @Override
    public void changeNickname(String username, String nickname) throws AccountException {
        checkStorage();
        Account old = requireExisting(username);
        accounts.put(username, new Account(username, nickname, old.created()));
        events.add("nick " + username);
    }

    @Override
    public void delete(String username) throws AccountException {
        checkStorage();
        requireExisting(username);
        accounts.remove(username);
        passwords.remove(username);
        events.add("delete " + username + " (sessions ended)");
    }

    @Override
    public boolean checkPassword(String username, String password) {
        return password.equals(passwords.get(username));
    }

    @Override
    public long count() {
        return accounts.size();
    }

    private Account requireExisting(String username) throws AccountException {
        Account a = accounts.get(username);
        if (a == null) {
            throw new AccountException(Reason.NOT_FOUND, "no such account");
        }
        return a;
    }

    private void checkStorage() throws AccountException {
        if (storageBroken) {
            throw new AccountException(Reason.STORAGE, "The account store failed; please try again later.");
        }
    }
}
