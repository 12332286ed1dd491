package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The example plugin of docs/ARCHITECTURE.md, built by the project, dropped into a running server's
 * plugins folder as an administrator would: it answers in each asker's language, shows in disco, and
 * goes away again with its jar.
 */
class ExamplePluginIT {

    private static final String NS = "urn:magpie:example:greeter";

    @TempDir
    Path tmp;

    @Test
    void aPluginDroppedIntoPluginsAnswersInTheAskersLanguageAndLeavesWithItsJar() throws Exception {
        try (InProcessServer server = InProcessServer.start(tmp, Map.of())) {
            server.register("ann", "annpass123", "Ann");
            server.register("bo", "bopass1234", "Bo");
            Path jar = Path.of(System.getProperty("magpie.example.plugin"));
            Path installed = server.home().resolve("plugins").resolve("example-greeter.jar");
            Files.copy(jar, installed);

            XMPPTCPConnection english = server.login("ann", "annpass123", "desk");
            InProcessServer.eventually(Duration.ofSeconds(30), () -> ServiceDiscoveryManager.getInstanceFor(english)
                    .discoverInfo(JidCreate.domainBareFrom(InProcessServer.DOMAIN)).containsFeature(NS));
            assertEquals("Hello, Ann!", greeting(english));

            XMPPTCPConnection chinese = server.connection("desk", Locale.CHINESE);
            chinese.connect().login("bo", "bopass1234");
            assertEquals("Bo，你好！", greeting(chinese));

            Files.delete(installed);
            InProcessServer.eventually(Duration.ofSeconds(30), () -> !ServiceDiscoveryManager.getInstanceFor(english)
                    .discoverInfo(JidCreate.domainBareFrom(InProcessServer.DOMAIN)).containsFeature(NS));
            XMPPErrorException gone = org.junit.jupiter.api.Assertions.assertThrows(XMPPErrorException.class,
                    () -> greeting(english));
            assertEquals(StanzaError.Condition.service_unavailable, gone.getStanzaError().getCondition());
            assertTrue(english.isConnected(), "a plugin leaving ends nobody's session");
            english.disconnect();
            chinese.disconnect();
        }
    }

    private static String greeting(XMPPTCPConnection c) throws Exception {
        IQ answer = c.sendIqRequestAndWaitForResponse(new ArchiveIT.XmlIq("greeting", NS, "", IQ.Type.get, null));
        String xml = ((UnparsedIQ) answer).getContent().toString();
        return xml.replaceAll("<[^>]+>", "");
    }
}
