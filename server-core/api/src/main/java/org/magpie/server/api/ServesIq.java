package org.magpie.server.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Registers an {@link IqHandler} component for the requests it answers: the payload element, its
 * namespace and the request types. The core dispatches on all three, so two handlers may share a
 * namespace with different elements, and a {@code set} to a handler that only reads is refused
 * before the handler sees it.
 *
 * <pre>{@code
 * @Component(service = IqHandler.class)
 * @ServesIq(element = "query", namespace = Namespaces.ROSTER)
 * final class RosterIqHandler implements IqHandler { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ServesIq {

    /** Every property name starts with this. */
    String PREFIX_ = "magpie.iq.";

    /** The payload's element name ({@value IqHandler#ELEMENT}). */
    String element();

    /** The payload's namespace ({@value IqHandler#NAMESPACE}). */
    String namespace();

    /** The request types answered ({@value IqHandler#TYPES}); both by default. */
    IqType[] types() default {IqType.GET, IqType.SET};

    /** Also serve sessions that have not authenticated yet ({@value IqHandler#BEFORE_AUTH}). */
    boolean beforeAuth() default false;

    /** Also serve requests addressed to other accounts' bare JIDs ({@value IqHandler#ACCOUNT_ADDRESSED}). */
    boolean accountAddressed() default false;
}
