package org.magpie.server.core;

import java.io.IOException;

import org.magpie.server.api.ListeningPorts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Opens the client port once the server is ready: the launcher writes the configuration
 * {@value #READY_PID} after every plugin's components are up, so the first client finds the word
 * filter, registration, the archive and the rest already in place. The router and the session
 * services ({@link XmppServer}) come up before, with the server's settings, for the plugins to use.
 * The port bound is reported to {@link ListeningPorts} ({@code server.client.port=0} picks a free one).
 */
@Component(configurationPid = {ClientPort.READY_PID, "org.magpie.server"}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
public final class ClientPort {

    /** the launcher's READY_PID */
    static final String READY_PID = "org.magpie.server.ready";

    static final String SETTING = "server.client.port";

    private final XmppServer server;
    private final ListeningPorts ports;

    @Activate
    public ClientPort(@Reference XmppServer server, @Reference ListeningPorts ports) throws IOException {
        this.server = server;
        this.ports = ports;
        ports.opened(SETTING, server.listen());
    }

    @Deactivate
    void close() {
        server.stopListening();
        ports.closed(SETTING);
    }
}
