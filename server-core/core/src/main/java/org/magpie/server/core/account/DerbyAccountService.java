package org.magpie.server.core.account;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountException.Reason;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.core.ServerConfig;
import org.magpie.server.core.sasl.CredentialStore;
import org.magpie.server.core.sasl.Credentials;
import org.magpie.server.core.sasl.ScramAlgorithm;
import org.magpie.server.core.sasl.ScramKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts in the {@code users} table: username, nickname, and for each SCRAM algorithm the
 * StoredKey and ServerKey derived from the password with a per-account salt. The password is
 * used to derive the keys and then forgotten; it is never stored or logged.
 */
@Component(service = {AccountService.class, CredentialStore.class, AccountDeletions.class},
        configurationPid = "org.magpie.server")
public final class DerbyAccountService implements AccountService, CredentialStore, AccountDeletions {

    private static final Logger LOG = LoggerFactory.getLogger(DerbyAccountService.class);

    /** RFC 7677 asks for at least 4096; a lower setting is raised to it. */
    static final int MIN_ITERATIONS = 4096;
    static final int MAX_USERNAME = 64;
    static final int MAX_NICKNAME = 64;

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "users with salted SCRAM keys",
            """
            CREATE TABLE users (
              username VARCHAR(64) NOT NULL PRIMARY KEY,
              nickname VARCHAR(64) NOT NULL,
              salt VARCHAR(64) NOT NULL,
              iterations INT NOT NULL,
              sha1_stored_key VARCHAR(64) NOT NULL,
              sha1_server_key VARCHAR(64) NOT NULL,
              sha256_stored_key VARCHAR(64) NOT NULL,
              sha256_server_key VARCHAR(64) NOT NULL,
              created TIMESTAMP NOT NULL)"""), DeletionLog.MIGRATION);

    private final DataSource dataSource;
    private final DeletionLog deletionLog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    private volatile Consumer<String> sessionTerminator;
    private final AccountListeners listeners;
    /** Names {@link #exists} found, as asked; cleared on every deletion and when it grows past {@link #MAX_REMEMBERED}. */
    private final java.util.Set<String> existing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong deletions = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_REMEMBERED = 200_000;

    @Activate
    public DerbyAccountService(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference AccountListeners listeners, ServerConfig config)
            throws SQLException {
        this(dataSource, migrations, listeners, Clock.systemUTC(), config.login_scram_iterations());
    }

    DerbyAccountService(DataSource dataSource, SchemaMigrations migrations, AccountListeners listeners, Clock clock,
            int iterations) throws SQLException {
        this.dataSource = dataSource;
        this.listeners = listeners;
        this.deletionLog = new DeletionLog(dataSource);
        this.clock = clock;
        this.iterations = Math.max(MIN_ITERATIONS, iterations);
        migrations.migrate("core", MIGRATIONS);
    }

    @Override
    public String normalize(String username) throws AccountException {
        if (username == null || username.isBlank()) {
            throw new AccountException(Reason.INVALID, "The account name is empty.");
        }
        String normalized;
        try {
            normalized = Localpart.from(username.strip()).toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new AccountException(Reason.INVALID,
                    "The account name '" + username + "' contains characters not allowed in an address.");
        }
        if (normalized.length() > MAX_USERNAME) {
            throw new AccountException(Reason.INVALID, "The account name is longer than " + MAX_USERNAME + " characters.");
        }
        return normalized;
    }

    @Override
    public Optional<Account> find(String username) {
        String name;
        try {
            name = normalize(username);
        } catch (AccountException e) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT username, nickname, created FROM users WHERE username = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.error("cannot read account {}", name, e);
            return Optional.empty();
        }
    }

    /**
     * Routing asks this for every message, so names found are remembered. A deletion forgets its
     * name, and a lookup that overlapped any deletion is not remembered (it may have read the row
     * just before it went).
     */
    @Override
    public boolean exists(String username) {
        if (existing.contains(username)) {
            return true;
        }
        long before = deletions.get();
        boolean found = find(username).isPresent();
        if (found) {
            if (existing.size() >= MAX_REMEMBERED) {
                existing.clear();
            }
            existing.add(username);
            if (deletions.get() != before) {
                existing.remove(username); // added after a deletion's clearing: not to be trusted
            }
        }
        return found;
    }

    @Override
    public Account create(String username, String password, String nickname) throws AccountException {
        String name = normalize(username);
        String nick = checkNickname(nickname);
        requirePassword(password);
        byte[] salt = new byte[ScramAlgorithm.SALT_LENGTH];
        random.nextBytes(salt);
        Map<ScramAlgorithm, ScramKeys> keys = derive(password, salt);
        Timestamp created = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, nickname, salt, iterations, "
                     + "sha1_stored_key, sha1_server_key, sha256_stored_key, sha256_server_key, created) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, nick);
            bindKeys(ps, 3, salt, keys);
            ps.setTimestamp(9, created);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new AccountException(Reason.CONFLICT, "The account name '" + name + "' is already taken.");
            }
            throw storage("create", name, e);
        }
        LOG.info("account {} created", name);
        return new Account(name, nick, created.toInstant());
    }

    @Override
    public void changePassword(String username, String newPassword) throws AccountException {
        String name = normalize(username);
        requirePassword(newPassword);
        storeKeys(name, newPassword);
        LOG.info("password of account {} changed", name);
    }

    private void storeKeys(String name, String password) throws AccountException {
        byte[] salt = new byte[ScramAlgorithm.SALT_LENGTH];
        random.nextBytes(salt);
        Map<ScramAlgorithm, ScramKeys> keys = derive(password, salt);
        update(name, "UPDATE users SET salt = ?, iterations = ?, sha1_stored_key = ?, sha1_server_key = ?, "
                + "sha256_stored_key = ?, sha256_server_key = ? WHERE username = ?", ps -> {
                    bindKeys(ps, 1, salt, keys);
                    ps.setString(7, name);
                });
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public void passwordVerified(String username, String password, Credentials current) {
        if (current.iterations() >= iterations) {
            return;
        }
        try {
            storeKeys(username, password);
            LOG.info("keys of account {} derived again with {} iterations (were {})", username, iterations,
                    current.iterations());
        } catch (AccountException e) {
            LOG.warn("keys of account {} not upgraded: {}", username, e.getMessage());
        }
    }

    @Override
    public void changeNickname(String username, String nickname) throws AccountException {
        String name = normalize(username);
        String nick = checkNickname(nickname);
        update(name, "UPDATE users SET nickname = ? WHERE username = ?", ps -> {
            ps.setString(1, nick);
            ps.setString(2, name);
        });
        listeners.tell(listener -> listener.nicknameChanged(name, nick));
    }

    @Override
    public void delete(String username) throws AccountException {
        String name = normalize(username);
        deletions.incrementAndGet();
        existing.clear(); // the name as typed may differ from the stored form
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    throw new AccountException(Reason.NOT_FOUND, "There is no account '" + name + "'.");
                }
                // in the same transaction: a plugin switched off now still learns of it when it starts
                DeletionLog.record(c, name, clock.instant());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw storage("delete", name, e);
        }
        deletions.incrementAndGet();
        existing.clear();
        LOG.info("account {} deleted", name);
        Consumer<String> terminator = sessionTerminator;
        if (terminator != null) {
            terminator.accept(name);
        }
        listeners.tell(listener -> listener.accountDeleted(name));
    }

    @Override
    public int catchUp(String module, Consumer<String> forget) {
        return deletionLog.catchUp(module, forget);
    }

    @Override
    public void onAccountDeleted(Consumer<String> terminator) {
        this.sessionTerminator = terminator;
    }

    @Override
    public boolean checkPassword(String username, String password) {
        String name;
        try {
            name = normalize(username);
        } catch (AccountException e) {
            return false;
        }
        if (!ScramAlgorithm.storable(password) && !password.isEmpty()) {
            return false; // no password an account can have
        }
        return credentials(name).map(c -> {
            byte[] stored = c.keys().get(ScramAlgorithm.SHA_256).storedKey();
            byte[] given = ScramAlgorithm.SHA_256.deriveKeys(password, c.salt(), c.iterations()).storedKey();
            return java.security.MessageDigest.isEqual(stored, given);
        }).orElse(false);
    }

    @Override
    public long count() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            LOG.error("cannot count accounts", e);
            return 0;
        }
    }

    // ---------------------------------------------------------------- CredentialStore

    @Override
    public Optional<Credentials> credentials(String username) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT salt, iterations, sha1_stored_key, sha1_server_key, "
                     + "sha256_stored_key, sha256_server_key FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<ScramAlgorithm, ScramKeys> keys = new EnumMap<>(ScramAlgorithm.class);
                keys.put(ScramAlgorithm.SHA_1, new ScramKeys(unb64(rs.getString(3)), unb64(rs.getString(4))));
                keys.put(ScramAlgorithm.SHA_256, new ScramKeys(unb64(rs.getString(5)), unb64(rs.getString(6))));
                return Optional.of(new Credentials(username, unb64(rs.getString(1)), rs.getInt(2), keys));
            }
        } catch (SQLException e) {
            LOG.error("cannot read credentials of {}", username, e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> normalizeLogin(String username) {
        try {
            return Optional.of(normalize(username));
        } catch (AccountException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private Map<ScramAlgorithm, ScramKeys> derive(String password, byte[] salt) {
        Map<ScramAlgorithm, ScramKeys> keys = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            keys.put(a, a.deriveKeys(password, salt, iterations));
        }
        return keys;
    }

    /** Binds salt, iterations and the four keys to six parameters starting at {@code first}. */
    private void bindKeys(PreparedStatement ps, int first, byte[] salt, Map<ScramAlgorithm, ScramKeys> keys)
            throws SQLException {
        ps.setString(first, b64(salt));
        ps.setInt(first + 1, iterations);
        ps.setString(first + 2, b64(keys.get(ScramAlgorithm.SHA_1).storedKey()));
        ps.setString(first + 3, b64(keys.get(ScramAlgorithm.SHA_1).serverKey()));
        ps.setString(first + 4, b64(keys.get(ScramAlgorithm.SHA_256).storedKey()));
        ps.setString(first + 5, b64(keys.get(ScramAlgorithm.SHA_256).serverKey()));
    }

    private static String checkNickname(String nickname) throws AccountException {
        if (nickname == null || nickname.isBlank()) {
            throw new AccountException(Reason.INVALID, "The nickname is empty.");
        }
        String nick = nickname.strip();
        if (nick.length() > MAX_NICKNAME) {
            throw new AccountException(Reason.INVALID, "The nickname is longer than " + MAX_NICKNAME + " characters.");
        }
        return nick;
    }

    private static void requirePassword(String password) throws AccountException {
        if (password == null || password.isEmpty()) {
            throw new AccountException(Reason.INVALID, "The password is empty.");
        }
        if (!ScramAlgorithm.storable(password)) {
            throw new AccountException(Reason.INVALID, "The password holds characters a password may not have "
                    + "(control or private-use characters, unassigned code points, or mixed writing directions: "
                    + "RFC 4013).");
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String name, String sql, Binder binder) throws AccountException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            if (ps.executeUpdate() == 0) {
                throw new AccountException(Reason.NOT_FOUND, "There is no account '" + name + "'.");
            }
        } catch (SQLException e) {
            throw storage("update", name, e);
        }
    }

    private static AccountException storage(String what, String name, SQLException e) {
        LOG.error("cannot {} account {}", what, name, e);
        return new AccountException(Reason.STORAGE, "The account store failed; please try again later.", e);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
