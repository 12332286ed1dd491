package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * Accounts created the way standard clients and tools create them, none of which knows Magpie's
 * nickname: Smack's AccountManager with username and password only (as Profanity and Smack's
 * integration tests do), or with name and e-mail; and XEP-0133 add-user with only that standard's
 * fields. Each account logs in and carries the nickname the server chose for it.
 */
class StandardRegistrationIT {

    private static final String PASSWORD = "secret123";
    private static final String ADD_USER = "http://jabber.org/protocol/admin#add-user";
    private static final DomainBareJid DOMAIN = JidCreate.domainBareFromOrThrowUnchecked(InProcessServer.DOMAIN);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("admin.accounts", "root"));
        server.register("root", PASSWORD, "Root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void smacksAccountManagerRegistersWithUsernameAndPasswordOnly() throws Exception {
        // Smack answers the offered form with every field it lists: the nick empty
        register(c -> AccountManager.getInstance(c).createAccount(Localpart.from("plain1"), PASSWORD));
        assertEquals("plain1", nickname("plain1"));
        // and with an attribute map of its own it sends no nick element at all
        register(c -> AccountManager.getInstance(c).createAccount(Localpart.from("plain2"), PASSWORD, new HashMap<>()));
        assertEquals("plain2", nickname("plain2"));
    }

    @Test
    void aNameStandsInForTheNickname() throws Exception {
        register(c -> AccountManager.getInstance(c).createAccount(Localpart.from("named"), PASSWORD,
                new HashMap<>(Map.of("name", "Nora Named", "email", "nora@example.org"))));
        assertEquals("Nora Named", nickname("named"));
    }

    @Test
    void addUserWorksWithXep0133sFieldsOnly() throws Exception {
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            assertEquals(AdHocCommand.Status.completed, addUser(root, Map.of("accountjid", "made1@localhost",
                    "password", PASSWORD, "password-verify", PASSWORD)).getStatus());
            assertEquals("made1", nickname("made1"));

            addUser(root, Map.of("accountjid", "made2@localhost", "password", PASSWORD, "password-verify", PASSWORD,
                    "email", "made2@example.org", "given_name", "Mara", "surname", "Made"));
            assertEquals("Mara Made", nickname("made2"));
        } finally {
            root.disconnect();
        }
    }

    @FunctionalInterface
    private interface Registration {
        void on(XMPPTCPConnection unauthenticated) throws Exception;
    }

    private static void register(Registration registration) throws Exception {
        XMPPTCPConnection c = server.connection(null);
        try {
            c.connect();
            registration.on(c);
        } finally {
            c.disconnect();
        }
    }

    /** Logs in (so the account and password work) and reads the nickname from the registration form. */
    private static String nickname(String username) throws Exception {
        XMPPTCPConnection c = server.login(username, PASSWORD, "check");
        try {
            return AccountManager.getInstance(c).getAccountAttribute("nick");
        } finally {
            c.disconnect();
        }
    }

    /** Fills in the server's add-user form with these answers only, as a standard tool would. */
    private static RemoteCommand addUser(XMPPTCPConnection admin, Map<String, String> answers) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(admin).getRemoteCommand(DOMAIN, ADD_USER);
        command.execute();
        FillableForm form = new FillableForm(command.getForm());
        answers.forEach(form::setAnswer);
        command.complete(form);
        return command;
    }
}
