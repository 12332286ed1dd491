package org.magpie.plugin.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AdHocCommand.Step;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.testsupport.FakeAccountService;

/** XEP-0133 §4.1 add-user with the standard's own fields; Magpie's nickname is optional. */
class AddUserCommandTest {

    private static final EntityFullJid ROOT = JidCreate.entityFullFromOrThrowUnchecked("root@example.com/desk");

    private final FakeAccountService accounts = new FakeAccountService();
    private final AddUserCommand command = new AddUserCommand(accounts, new ServerInfo() {
        @Override
        public DomainBareJid domain() {
            return JidCreate.domainBareFromOrThrowUnchecked("example.com");
        }

        @Override
        public String version() {
            return "test";
        }
    });

    @Test
    void offersExactlyTheStandardFieldsWithAnOptionalNick() {
        DataForm form = command.execute(ROOT, "en", null).toCompletableFuture().join().form().orElseThrow();
        assertEquals(List.of("FORM_TYPE", "accountjid", "password", "password-verify", "email", "given_name", "surname", "nick"),
                form.fields().stream().map(DataForm.Field::var).toList());
        List<String> required = form.fields().stream().filter(DataForm.Field::required).map(DataForm.Field::var).toList();
        assertEquals(List.of("accountjid", "password", "password-verify"), required);
    }

    @Test
    void withTheStandardFieldsOnlyTheAccountNameIsTheNickname() {
        Step step = submit(standard("bob@example.com").with(field("email", "bob@example.org")));
        assertTrue(step.completed());
        assertEquals("bob", accounts.find("bob").orElseThrow().nickname());
        assertEquals("secret123", accounts.password("bob").orElseThrow());
    }

    @Test
    void givenNameAndSurnameMakeTheNickname() {
        submit(standard("bob").with(field("given_name", " Bob ")).with(field("surname", "Builder")));
        assertEquals("Bob Builder", accounts.find("bob").orElseThrow().nickname());
        submit(standard("carol").with(field("surname", "Smith")));
        assertEquals("Smith", accounts.find("carol").orElseThrow().nickname());
    }

    @Test
    void aGivenNickWins() {
        submit(standard("bob").with(field("given_name", "Bob")).with(field("nick", "Bobby")));
        assertEquals("Bobby", accounts.find("bob").orElseThrow().nickname());
    }

    @Test
    void differingPasswordsCreateNothing() {
        DataForm form = DataForm.of("submit", null, null).with(field("accountjid", "bob"))
                .with(field("password", "secret123")).with(field("password-verify", "secret124"));
        CompletionException e = assertThrows(CompletionException.class, () -> submit(form));
        assertInstanceOf(StanzaException.class, e.getCause());
        assertFalse(accounts.exists("bob"));
    }

    private Step submit(DataForm form) {
        return command.execute(ROOT, "en", form).toCompletableFuture().join();
    }

    private static DataForm standard(String account) {
        return DataForm.of("submit", null, null)
                .with(field("FORM_TYPE", "http://jabber.org/protocol/admin"))
                .with(field("accountjid", account))
                .with(field("password", "secret123"))
                .with(field("password-verify", "secret123"));
    }

    private static DataForm.Field field(String var, String value) {
        return DataForm.Field.of(var, null, null, value);
    }
}
