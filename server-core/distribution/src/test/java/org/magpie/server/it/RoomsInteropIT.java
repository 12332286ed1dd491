package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A standard client that is not Smack in a Magpie group: slixmpp (Python) finds the groups service,
 * enters a group by number, sees the join notice, gets the owner's message and answers; the owner is a
 * Smack client. .ci/run installs slixmpp; elsewhere the test is skipped when it is missing.
 */
class RoomsInteropIT {

    @TempDir
    Path tmp;

    @Test
    void slixmppEntersAMagpieGroupAndChatsThere() throws Exception {
        String python = python();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(python != null, "python3 with slixmpp is not installed");
        }
        assertTrue(python != null, "CI must have python3-slixmpp (.ci/run installs it)");
        Path script = Path.of(System.getProperty("magpie.interop.dir", "src/test/interop"), "slixmpp_rooms.py")
                .toAbsolutePath();
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        try (InProcessServer server = InProcessServer.start(tmp, Map.of())) {
            server.register("owner", "ownerpass1", "Owner");
            server.register("slix", "slixpass12", "Slix");
            Path ca = tmp.resolve("magpie-ca.pem");
            X509Certificate cert = (X509Certificate) server.trustManager().getAcceptedIssuers()[0];
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");

            XMPPTCPConnection connection = server.login("owner", "ownerpass1", "desk");
            try (RoomsIT.Client owner = new RoomsIT.Client(connection)) {
                connection.addStanzaListener(owner::received, s -> true);
                String created = owner.iq(JidCreate.domainBareFrom("rooms.localhost"), "set",
                        "<create xmlns='urn:magpie:rooms:0' number='10001' name='Interop'/>");
                assertTrue(created.contains("10001@rooms.localhost"), created);
                EntityBareJid room = JidCreate.entityBareFrom("10001@rooms.localhost");
                MultiUserChat muc = owner.muc(room);
                muc.join(Resourcepart.from("Owner"));

                Process p = new ProcessBuilder(python, script.toString(), Integer.toString(server.port()), ca.toString(),
                        "slix", "slixpass12", room.toString()).redirectErrorStream(true).start();
                try {
                    owner.await(Presence.class, x -> x.getFrom().toString().equals(room + "/Slix 斯利") && x.isAvailable());
                    owner.await(Message.class, m -> "Slix 斯利 joined the group".equals(m.getBody()));
                    muc.sendMessage("hello slixmpp");
                    Message answer = owner.await(Message.class, m -> "hi from slixmpp 你好".equals(m.getBody()));
                    assertEquals(room + "/Slix 斯利", answer.getFrom().toString());
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "slixmpp check finished");
                    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals(0, p.exitValue(), output);
                    assertTrue(output.contains("INTEROP OK"), output);
                } finally {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Debian's interpreter first: python3 on the PATH may be another one without Debian's packages. */
    private static String python() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import slixmpp").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
