/**
 * The plugin SPI of the Magpie XMPP server and the stanza model it speaks in.
 *
 * <p>Plugins are OSGi bundles that depend on this package alone and contribute features by
 * registering services (Declarative Services, constructor injection):
 * <ul>
 * <li>{@link org.magpie.server.api.IqHandler} answers IQ requests of one namespace
 *     (service property {@code magpie.iq.namespace});</li>
 * <li>{@link org.magpie.server.api.StanzaInterceptor} sees messages and presences before routing, in
 *     {@code service.ranking} order, and may pass, change, reject with an error, or drop them;</li>
 * <li>{@link org.magpie.server.api.SessionListener} hears of sessions bound and closed;</li>
 * <li>{@link org.magpie.server.api.DiscoProvider} adds features, identities and items to the
 *     server's disco answers;</li>
 * <li>{@link org.magpie.server.api.AccountListener} hears of nickname changes and removed accounts;</li>
 * <li>{@link org.magpie.server.api.UndeliveredMessages} takes back messages a client never confirmed
 *     reading before its connection died (the archive keeps them as offline messages);</li>
 * <li>{@link org.magpie.server.api.DeliveryListener} hears which sessions of an account a message was
 *     delivered to (message carbons);</li>
 * <li>{@link org.magpie.server.api.DeliveryGate} may withhold any stanza before it reaches an account's
 *     sessions (blocking);</li>
 * <li>{@link org.magpie.server.api.DomainComponent} serves a subdomain such as {@code rooms.<domain>}
 *     (service property {@code magpie.component.subdomain}) and gets every stanza addressed there.</li>
 * </ul>
 * The core provides {@link org.magpie.server.api.StanzaRouter} (send stanzas),
 * {@link org.magpie.server.api.SessionManager} (bound sessions),
 * {@link org.magpie.server.api.AccountService} (accounts with SCRAM credentials),
 * {@link org.magpie.server.api.AccountDeletions} (deletions a plugin has still to forget),
 * {@link org.magpie.server.api.ServerInfo} (domain, version) and
 * {@link org.magpie.server.api.ListeningPorts} (where a plugin reports the port it bound). The roster plugin provides
 * {@link org.magpie.server.api.PresenceSubscriptions} (who receives whose presence). The filter plugin provides
 * {@link org.magpie.server.api.WordFilter}, which other plugins use optionally to check names.
 *
 * <p>The core picks these services up with dynamic references: when a plugin bundle stops, its
 * handlers, interceptors and disco entries disappear and nothing else changes; requests it served
 * are then answered {@code service-unavailable}. Everything a plugin is called with runs on a
 * worker thread, never on a network I/O thread.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.magpie.server.api;
