package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/** A server whose administrator switched in-band registration off. */
class RegistrationDisabledTest {

    @TempDir
    static Path tmp;

    private static MagpieServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MagpieServer.start(tmp, "auth.registration.enabled=false");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registrationIsRefusedWithTheServersWords() throws Exception {
        Locale before = Locale.getDefault();
        try (SmackMessagingService service = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust")))) {
            Locale.setDefault(Locale.ENGLISH);
            ServiceException e = failure(service.register(server.address(), "alice", "alicepass1", "Alice"));
            assertEquals(FailureKind.REGISTRATION_DISABLED, e.kind(), e.toString());
            assertTrue(e.serverText().contains("administrator"), e.serverText());

            Locale.setDefault(Locale.CHINA);
            ServiceException zh = failure(service.register(server.address(), "alice", "alicepass1", "Alice"));
            assertEquals(FailureKind.REGISTRATION_DISABLED, zh.kind());
            assertTrue(zh.serverText().contains("管理员"), zh.serverText());
        } finally {
            Locale.setDefault(before);
        }
    }
}
