package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures;
import org.magpie.client.service.smack.internal.Failures.Operation;

/** Stanza errors of a registration become failure kinds with the server's text in the user's language. */
class FailuresTest {

    private final Locale before = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    @Test
    void theTextInTheUsersLanguageElseEnglish() {
        XMPPErrorException weak = error(StanzaError.Condition.not_acceptable,
                Map.of("en", "Password too weak: use at least 8 characters.", "zh", "密码强度不足：至少 8 个字符。"));
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
        assertEquals(new Result(FailureKind.WEAK_PASSWORD, "密码强度不足：至少 8 个字符。"), map(weak));
        Locale.setDefault(Locale.GERMANY);
        assertEquals(new Result(FailureKind.WEAK_PASSWORD, "Password too weak: use at least 8 characters."), map(weak));
        Locale.setDefault(Locale.ENGLISH);
        assertEquals(new Result(FailureKind.INVALID_INPUT, "Missing required field: nick."),
                map(error(StanzaError.Condition.not_acceptable, Map.of("en", "Missing required field: nick."))));
        assertEquals(new Result(FailureKind.INVALID_INPUT, "no language"),
                map(error(StanzaError.Condition.not_acceptable, Map.of("", "no language"))));
    }

    @Test
    void conditionsOfARegistration() {
        assertEquals(FailureKind.ACCOUNT_TAKEN, map(error(StanzaError.Condition.conflict, Map.of())).kind());
        assertEquals(FailureKind.REGISTRATION_DISABLED, map(error(StanzaError.Condition.not_allowed, Map.of())).kind());
        assertEquals(FailureKind.REGISTRATION_DISABLED, map(error(StanzaError.Condition.service_unavailable, Map.of())).kind());
        assertEquals(FailureKind.INVALID_INPUT, map(error(StanzaError.Condition.jid_malformed, Map.of())).kind());
        assertEquals(null, map(error(StanzaError.Condition.conflict, Map.of())).text());
    }

    @Test
    void conditionsOfCreatingAndJoiningAGroup() {
        assertEquals(FailureKind.GROUP_NUMBER_TAKEN, group(StanzaError.Condition.conflict));
        assertEquals(FailureKind.NO_SUCH_GROUP, group(StanzaError.Condition.item_not_found));
        assertEquals(FailureKind.BANNED, group(StanzaError.Condition.forbidden));
        assertEquals(FailureKind.MEMBERS_ONLY, group(StanzaError.Condition.registration_required));
        assertEquals(FailureKind.INVALID_INPUT, group(StanzaError.Condition.not_acceptable));
        assertEquals(FailureKind.ACCOUNT_TAKEN, map(error(StanzaError.Condition.conflict, Map.of())).kind(),
                "a registration's conflict is still about the account");
    }

    private static FailureKind group(StanzaError.Condition condition) {
        return Failures.map(error(condition, Map.of("en", "the server's words")), Operation.GROUPS).kind();
    }

    private record Result(FailureKind kind, String text) {
    }

    private static Result map(XMPPErrorException e) {
        ServiceException se = Failures.map(e, Operation.REGISTER);
        return new Result(se.kind(), se.serverText());
    }

    private static XMPPErrorException error(StanzaError.Condition condition, Map<String, String> texts) {
        StanzaError.Builder b = StanzaError.getBuilder(condition);
        if (!texts.isEmpty()) {
            b.setDescriptiveTexts(texts);
        }
        return new XMPPErrorException(null, b.build());
    }
}
