package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An intranet where accounts are made by admins only: auth.registration.enabled=false. */
class RegistrationDisabledIT {

    @TempDir
    Path tmp;

    @Test
    void registrationIsRefusedWithAClearReason() throws Exception {
        try (InProcessServer server = InProcessServer.start(tmp, Map.of("auth.registration.enabled", "false"))) {
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> server.register("alice", "alicepass1", "Alice"));
            assertEquals(StanzaError.Condition.not_allowed, e.getStanzaError().getCondition());
            assertTrue(e.getStanzaError().getDescriptiveText("en").toLowerCase().contains("registration"),
                    e.getStanzaError().toString());
        }
    }
}
