package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.magpie.server.testsupport.ServerHome;

/**
 * Nothing the server accepted is lost when it is killed: the server runs as its own process (as
 * bin/magpie-server runs it), takes a burst of messages and is killed with SIGKILL while they are
 * still arriving; after a restart on the same data, every message the recipient had received is in
 * the archive, and every message accepted for an offline user is handed over at login.
 */
class ArchiveCrashIT {

    @TempDir
    Path tmp;

    private Process server;
    private int port;
    private Path home;

    @Test
    void everyAcceptedMessageSurvivesAKill() throws Exception {
        home = tmp.resolve("server");
        InProcessServer.copyTree(Path.of(System.getProperty("magpie.dist")), home);
        start();
        try {
            register("alice", "alicepass1");
            register("bob", "bobpass12");
            register("carol", "carolpass1");
            EntityBareJid bob = JidCreate.entityBareFrom("bob@localhost");
            EntityBareJid carol = JidCreate.entityBareFrom("carol@localhost");
            XMPPTCPConnection a = login("alice", "alicepass1", null);
            List<String> toCarol = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                toCarol.add("for carol " + i);
                a.sendStanza(ArchiveIT.chat(a, carol, "for carol " + i));
            }
            PingManager.getInstanceFor(a).pingMyServer(); // all 20 accepted (kept for carol)

            BlockingQueue<String> bobGot = new LinkedBlockingQueue<>();
            XMPPTCPConnection b = login("bob", "bobpass12", bobGot);
            for (int i = 1; i <= 400; i++) {
                a.sendStanza(ArchiveIT.chat(a, bob, "burst " + i));
            }
            InProcessServer.eventually(Duration.ofSeconds(30), () -> bobGot.size() >= 50);
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no Derby checkpoint
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            Set<String> received = new LinkedHashSet<>(bobGot);
            a.instantShutdown();
            b.instantShutdown();
            System.out.println("killed after bob received " + received.size() + " of 400 messages");

            start();
            XMPPTCPConnection b2 = login("bob", "bobpass12", null);
            MamQuery q = MamManager.getInstanceFor(b2).queryArchive(MamQueryArgs.builder()
                    .limitResultsToJid(JidCreate.entityBareFrom("alice@localhost")).setResultPageSizeTo(100).build());
            List<String> archived = new ArrayList<>(ArchiveIT.bodies(q.getMessages()));
            while (!q.isComplete()) {
                archived.addAll(ArchiveIT.bodies(q.pageNext(100)));
            }
            assertTrue(archived.containsAll(received), "every delivered message is in the archive: missing "
                    + received.stream().filter(r -> !archived.contains(r)).toList());
            assertEquals(archived.stream().sorted(ArchiveCrashIT::byNumber).toList(), archived, "in the order sent");

            BlockingQueue<Message> carolGot = new LinkedBlockingQueue<>();
            XMPPTCPConnection c = connection("carol");
            c.connect();
            c.addSyncStanzaListener(s -> carolGot.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
            c.login("carol", "carolpass1");
            for (String body : toCarol) {
                Message m = ArchiveIT.next(carolGot);
                assertEquals(body, m.getBody());
                assertNotNull(DelayInformation.from(m));
            }
            PingManager.getInstanceFor(c).pingMyServer();
            assertEquals(List.of(), List.copyOf(carolGot));
            b2.disconnect();
            c.disconnect();
        } finally {
            stop();
        }
    }

    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a.substring(a.indexOf(' ') + 1)), Integer.parseInt(b.substring(b.indexOf(' ') + 1)));
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Starts the distribution in its own JVM, as bin/magpie-server does, on any free port, which it
     * names in data/ports.properties (a killed run's file is removed first: it names a dead port).
     */
    private void start() throws Exception {
        Files.deleteIfExists(home.resolve("data/ports.properties"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-Dgosh.args=--nointeractive --noshutdown", "-Dmagpie.home=" + home,
                "-Dserver.client.port=0", "-Dconsole.port=0", "-Dfiles.http.port=0", "-Dserver.domain=localhost", "-Dfelix.fileinstall.poll=200",
                "-cp", home.resolve("lib") + "/*", "org.magpie.server.launcher.Launcher"));
        server = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("console-" + System.nanoTime() + ".log").toFile()).start();
        InProcessServer.eventually(Duration.ofSeconds(90), () -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server process ended with " + server.exitValue());
            }
            java.util.OptionalInt bound = InProcessServer.boundPort(home, InProcessServer.CLIENT_PORT);
            if (bound.isEmpty()) {
                return false;
            }
            try (Socket s = new Socket("127.0.0.1", bound.getAsInt())) {
                port = bound.getAsInt();
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        awaitPlugins();
    }

    /**
     * The client port opens before the plugins in plugins/ are up: wait until registration answers
     * (the auth plugin) and the server announces the archive, so the test talks to the whole server.
     */
    private void awaitPlugins() throws Exception {
        InProcessServer.eventually(Duration.ofSeconds(60), () -> {
            try {
                register("probe", "probepass1");
                return true;
            } catch (XMPPErrorException e) {
                return e.getStanzaError().getCondition() == StanzaError.Condition.conflict; // registered before the kill
            }
        });
        XMPPTCPConnection probe = connection("probe");
        try {
            probe.connect();
            probe.login("probe", "probepass1");
            InProcessServer.eventually(Duration.ofSeconds(60), () -> ServiceDiscoveryManager.getInstanceFor(probe)
                    .discoverInfo(JidCreate.domainBareFrom("localhost")).containsFeature("urn:xmpp:mam:2"));
        } finally {
            probe.disconnect();
        }
    }

    private void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private X509TrustManager trustManager() throws Exception {
        return ServerHome.trustManager(home);
    }

    private XMPPTCPConnection connection(String resource) throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder().setXmppDomain("localhost")
                .setHost("127.0.0.1").setPort(port).setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trustManager()).setConnectTimeout(10_000);
        if (resource != null) {
            b.setResource(resource);
        }
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setReplyTimeout(10_000);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        return c;
    }

    private void register(String user, String password) throws Exception {
        XMPPTCPConnection c = connection(null);
        try {
            c.connect();
            AccountManager.getInstance(c).createAccount(Localpart.from(user), password, new HashMap<>(Map.of("nick", user)));
        } finally {
            c.disconnect();
        }
    }

    private XMPPTCPConnection login(String user, String password, BlockingQueue<String> bodies) throws Exception {
        XMPPTCPConnection c = connection("desk");
        c.connect();
        if (bodies != null) {
            c.addSyncStanzaListener(s -> bodies.offer(((Message) s).getBody()), s -> s instanceof Message m && m.getBody() != null);
        }
        c.login(user, password);
        PingManager.getInstanceFor(c).pingMyServer();
        return c;
    }
}
