package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String SLOT = "abcdefghijklmnopqrstuvwxyz012345";

    @TempDir
    Path folder;

    private AccessTokens tokens(Instant now) throws Exception {
        return new AccessTokens(folder.resolve("access.key"), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenNamesItsUserForItsSlotUntilItExpires() throws Exception {
        String token = tokens(NOW).accessToken(SLOT, "alice@example.org", NOW.plus(Duration.ofMinutes(5)));
        assertEquals(Optional.of("alice@example.org"), tokens(NOW).tokenUser(token, SLOT));
        assertEquals(Optional.empty(), tokens(NOW).tokenUser(token, "bcdefghijklmnopqrstuvwxyz0123456"), "another slot");
        assertEquals(Optional.empty(), tokens(NOW.plus(Duration.ofMinutes(6))).tokenUser(token, SLOT), "expired");
    }

    @Test
    void theKeyIsKeptSoTokensSurviveARestart() throws Exception {
        String token = tokens(NOW).accessToken(SLOT, "alice@example.org", NOW.plusSeconds(60));
        assertTrue(Files.exists(folder.resolve("access.key")));
        assertEquals(Optional.of("alice@example.org"), tokens(NOW).tokenUser(token, SLOT));
    }

    @Test
    void forgedOrMangledTokensNameNobody() throws Exception {
        AccessTokens tokens = tokens(NOW);
        String token = tokens.accessToken(SLOT, "alice@example.org", NOW.plusSeconds(60));
        String[] parts = token.split("\\.");
        String otherUser = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("mallory@example.org".getBytes());
        assertEquals(Optional.empty(), tokens.tokenUser(parts[0] + "." + otherUser + "." + parts[2], SLOT));
        assertEquals(Optional.empty(), tokens.tokenUser((Long.parseLong(parts[0]) + 3600) + "." + parts[1] + "." + parts[2], SLOT));
        assertEquals(Optional.empty(), tokens.tokenUser(null, SLOT));
        assertEquals(Optional.empty(), tokens.tokenUser("x.y", SLOT));
        assertEquals(Optional.empty(), tokens.tokenUser("1.%%%.z", SLOT));
    }
}
