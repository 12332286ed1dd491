package org.magpie.plugin.auth.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.Namespaces;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises {@code jabber:iq:register} in the server's disco#info (XEP-0077 §4), also when new
 * registrations are switched off: logged-in users can still change their password or remove their
 * account. Goes away with this bundle, together with the handler.
 */
@Component(service = DiscoProvider.class)
public final class RegisterDiscoProvider implements DiscoProvider {

    @Override
    public Collection<String> features() {
        return List.of(Namespaces.REGISTER);
    }
}
