package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpie.client.service.smack.internal.ServerFiles;

/** Which links count as the server's own files: scheme, host, port and a path below a base it named. */
class ServerFilesTest {

    private static final String SLOT = "AjhvaAJws_a6RrDMp7Z_y5z8CN3WCzu_";

    @Test
    void belowANamedBaseOnly() {
        ServerFiles own = new ServerFiles("example.com", "xmpp.example.com");
        own.named("https://files.example.com:8443/magpie");
        assertTrue(own.contains("https://files.example.com:8443/magpie/files/" + SLOT + "/a.png"));
        assertTrue(own.contains("https://FILES.example.com:8443/magpie/thumbnails/" + SLOT));
        assertFalse(own.contains("http://files.example.com:8443/magpie/files/" + SLOT + "/a.png"), "another scheme");
        assertFalse(own.contains("https://files.example.com/magpie/files/" + SLOT + "/a.png"), "another port");
        assertFalse(own.contains("https://files.example.com:8444/magpie/files/" + SLOT + "/a.png"), "another port");
        assertFalse(own.contains("https://files.example.com.evil:8443/magpie/files/x"), "another host");
        assertFalse(own.contains("https://files.example.com:8443/magpie-other/x"), "not below the base's path");
        assertFalse(own.contains("https://files.example.com:8443/magpie/../admin"), "a path that climbs out");
        assertFalse(own.contains("https://files.example.com:8443/magpie/%2e%2e/admin"), "an encoded climb");
        assertFalse(own.contains("https://user@files.example.com:8443/magpie/files/x"), "user info");
        assertFalse(own.contains("https://intranet-wiki/files/" + SLOT + "/a.png"));
        assertFalse(own.contains("aesgcm://files.example.com:8443/magpie/files/x"));
        assertFalse(own.contains(null));
        assertFalse(own.contains("not a link"));
    }

    @Test
    void aSlotNamesItsBase() {
        ServerFiles own = new ServerFiles("example.com", "127.0.0.1");
        own.slot("https://127.0.0.1:5443/upload/token123/report.pdf");
        assertTrue(own.named());
        assertTrue(own.contains("https://127.0.0.1:5443/files/" + SLOT + "/other.pdf"));
        assertFalse(own.contains("https://127.0.0.1:9999/files/" + SLOT + "/other.pdf"), "another port of the same host");
    }

    @Test
    void withoutANamedBaseHttpsToTheServersHostAndMagpiesPathsAlone() {
        ServerFiles own = new ServerFiles("example.com", "xmpp.example.com");
        assertFalse(own.named());
        assertTrue(own.contains("https://example.com:5443/files/" + SLOT + "/a.png"));
        assertTrue(own.contains("https://xmpp.example.com:5443/thumbnails/" + SLOT));
        assertFalse(own.contains("http://example.com:5443/files/" + SLOT + "/a.png"), "plain HTTP");
        assertFalse(own.contains("https://example.com/wiki/secret.png"), "not a path of Magpie's files");
        assertFalse(own.contains("https://intranet-wiki/files/" + SLOT + "/a.png"), "another host");
    }
}
