package org.magpie.server.interop;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.X509TrustManager;

import org.igniterealtime.smack.inttest.AbstractSmackIntTest;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.SuccessfulTest;
import org.igniterealtime.smack.inttest.TestNotPossible;
import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.igniterealtime.smack.inttest.annotations.SmackIntegrationTest;
import org.igniterealtime.smack.inttest.annotations.SpecificationReference;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.compression.CompressionModuleDescriptor;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.magpie.server.interop.SintResult.Outcome;

/**
 * One unmodified run of Smack's integration test framework (SINT) against a server on loopback: SINT
 * registers its own accounts in-band (XEP-0077), connects over TCP with TLS required, trusting the
 * server's own certificate, and every test gets {@code replyTimeoutMillis} for each answer.
 */
final class SintRun {

    /** SINT's connection type of standard clients (XMPP over TCP); its name is SINT's default one. */
    private static final String TCP = "tcp";

    private SintRun() {
    }

    /** @param disabled tests SINT is not to run, as {@code TestClass.method} */
    static List<SintResult> run(String domain, int port, X509TrustManager trust, int replyTimeoutMillis,
            java.util.Collection<String> disabled) throws Exception {
        // SINT 4.5.0-beta5 can name a host but no port, and its certificate pin is lost (Smack initialises
        // the pinned SSLContext again with the default trust): its TCP connection types are replaced by
        // ones that connect to the loopback port of this run and trust the server's certificate (the XMPP
        // domain, TLS required and everything else as SINT sets them). Only "tcp", the connection of
        // standard clients, runs the tests; the modular ones serve the tests written for them.
        // Magpie serves no XMPP over WebSocket (RFC 7395): without these, a test for SINT's modular
        // connection would pick a WebSocket one
        XmppConnectionManager.removeConnectionDescriptor("modular-websocket-okhttp");
        XmppConnectionManager.removeConnectionDescriptor("modular-websocket-java11");
        Consumer<ConnectionConfiguration.Builder<?, ?>> toThisServer = b -> b
                .setHostAddress(InetAddress.getLoopbackAddress()).setPort(port).setCustomX509TrustManager(trust);
        XmppConnectionManager.addConnectionDescriptor(
                XmppConnectionDescriptor.buildWith(XMPPTCPConnection.class, XMPPTCPConnectionConfiguration.class)
                        .withNickname(TCP).applyExtraConfiguration(toThisServer::accept).build());
        XmppConnectionManager.addConnectionDescriptor(
                XmppConnectionDescriptor.buildWith(ModularXmppClientToServerConnection.class,
                                ModularXmppClientToServerConnectionConfiguration.class)
                        .withNickname("modular").applyExtraConfiguration(toThisServer::accept).build());
        XmppConnectionManager.addConnectionDescriptor(
                XmppConnectionDescriptor.buildWith(ModularXmppClientToServerConnection.class,
                                ModularXmppClientToServerConnectionConfiguration.class,
                                ModularXmppClientToServerConnectionConfiguration.Builder.class)
                        .withNickname("modular-nocompress")
                        .applyExtraConfiguration(b -> {
                            toThisServer.accept(b);
                            b.removeModule(CompressionModuleDescriptor.class);
                        }).build());
        Configuration config = Configuration.builder()
                .setService(domain)
                .setSecurityMode("required")
                .setReplyTimeout(Integer.toString(replyTimeoutMillis))
                .setDefaultConnection(TCP)
                .setEnabledConnections(TCP)
                .setDisabledTests(String.join(",", disabled))
                .build();
        TestRunResult result = new SmackIntegrationTestFramework(config).run();
        return collect(result);
    }

    private static List<SintResult> collect(TestRunResult run) {
        List<SintResult> results = new ArrayList<>();
        for (SuccessfulTest t : run.getSuccessfulTests()) {
            results.add(result(t.concreteTest.getMethod(), Outcome.PASSED, null));
        }
        for (FailedTest t : run.getFailedTests()) {
            results.add(result(t.concreteTest.getMethod(), Outcome.FAILED, describe(t.failureReason)));
        }
        for (TestNotPossible t : run.getNotPossibleTests()) {
            results.add(result(t.concreteTest.getMethod(), Outcome.IMPOSSIBLE, describe(t.testNotPossibleException)));
        }
        // a class whose preparation found the feature missing counts each of its tests as impossible
        for (Map.Entry<Class<? extends AbstractSmackIntTest>, Throwable> e : run.getImpossibleTestClasses().entrySet()) {
            Arrays.stream(e.getKey().getMethods())
                    .filter(m -> m.isAnnotationPresent(SmackIntegrationTest.class))
                    .forEach(m -> results.add(result(m, Outcome.IMPOSSIBLE, describe(e.getValue()))));
        }
        results.sort(Comparator.comparing(SintResult::specification).thenComparing(SintResult::test));
        return results;
    }

    private static SintResult result(Method method, Outcome outcome, String reason) {
        Class<?> type = method.getDeclaringClass();
        SpecificationReference spec = specification(type);
        return new SintResult(spec == null ? "(no specification)" : spec.document(),
                type.getSimpleName() + "." + method.getName(), outcome, reason);
    }

    /** The specification of the test class, or of the class it extends (abstract bases name it for all). */
    private static SpecificationReference specification(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            SpecificationReference spec = c.getAnnotation(SpecificationReference.class);
            if (spec != null) {
                return spec;
            }
        }
        return null;
    }

    /** One line: the exception's type and message, its cause's when it has none. */
    private static String describe(Throwable t) {
        Throwable shown = t;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? "" : ": " + shown.getMessage().strip().replaceAll("\\s+", " ");
        return shown.getClass().getSimpleName() + message;
    }
}
