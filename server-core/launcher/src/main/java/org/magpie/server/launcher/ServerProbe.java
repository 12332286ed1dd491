package org.magpie.server.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Helper for {@code bin/magpie-server}, which as a POSIX shell script cannot open sockets. Reads the
 * same configuration as the launcher (conf/ plus -D system properties from JAVA_OPTS).
 *
 * <pre>
 * ServerProbe check             exit 0: configuration fine and client port free; 1: message on stderr
 * ServerProbe await PID SECONDS exit 0: the client port accepts connections; 1: process PID ended;
 *                               2: still not listening after SECONDS
 * </pre>
 */
public final class ServerProbe {

    private ServerProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty(LauncherConfig.HOME, "."));
        LauncherConfig config;
        try {
            config = LauncherConfig.load(home, Map.of());
        } catch (IOException | LauncherException e) {
            System.err.println("Magpie cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (args.length == 1 && args[0].equals("check")) {
            try {
                Launcher.checkPortFree(config);
            } catch (LauncherException e) {
                System.err.println("Magpie cannot start: " + e.getMessage());
                System.exit(1);
            }
            System.exit(0);
        } else if (args.length == 3 && args[0].equals("await")) {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(args[1]));
            long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (process.isEmpty() || !process.get().isAlive()) {
                    System.exit(1);
                }
                // a port set to 0 is known once the server has written it to data/ports.properties
                OptionalInt port = config.clientPort() != 0 ? OptionalInt.of(config.clientPort())
                        : PortsFileReader.bound(config.dataDir(), LauncherConfig.CLIENT_PORT_SETTING);
                if (port.isPresent()) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(config.probeAddress(), port.getAsInt()), 500);
                        System.out.println(config.clientAddress() + ":" + port.getAsInt());
                        System.exit(0);
                    } catch (IOException notYet) {
                        // not open yet
                    }
                }
                Thread.sleep(250);
            }
            System.exit(2);
        } else {
            System.err.println("usage: ServerProbe check | await PID SECONDS");
            System.exit(64);
        }
    }
}
