package org.magpie.server.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Registers a {@link StanzaInterceptor} component: the stanza kinds it sees and the
 * {@linkplain StanzaInterceptor.Phase phase} it belongs to.
 *
 * <pre>{@code
 * @Component(service = StanzaInterceptor.class)
 * @Intercepts(kinds = Stanza.Kind.MESSAGE, phase = StanzaInterceptor.Phase.RECORD)
 * final class MessageInterceptor implements StanzaInterceptor { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Intercepts {

    /** Every property name starts with this. */
    String PREFIX_ = "magpie.interceptor.";

    /** The stanza kinds seen ({@value StanzaInterceptor#KINDS}): messages and presences by default. */
    Stanza.Kind[] kinds() default {Stanza.Kind.MESSAGE, Stanza.Kind.PRESENCE};

    /** When, among all interceptors, this one runs ({@value StanzaInterceptor#PHASE}). */
    StanzaInterceptor.Phase phase();
}
