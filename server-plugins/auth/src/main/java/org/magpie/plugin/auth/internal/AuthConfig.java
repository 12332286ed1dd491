package org.magpie.plugin.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of in-band registration, PID {@value RegistrationHandler#PID}. Method names use a
 * double underscore because Declarative Services maps {@code __} to {@code _} (a single one would
 * become a dot): the keys in {@code conf/org.magpie.auth.cfg} are {@code registration_enabled},
 * {@code password_min_length} and {@code password_require_letters_and_digits}.
 */
@ObjectClassDefinition(name = "Magpie registration",
        description = "In-band account registration (XEP-0077) and the password policy.")
@interface AuthConfig {

    @AttributeDefinition(name = "Registration enabled",
            description = "Whether new accounts may be created by clients. Password changes and account "
                    + "removal by logged-in users stay possible either way.")
    boolean registration__enabled() default true;

    @AttributeDefinition(name = "Minimum password length",
            description = "The least number of characters a new password must have.", min = "1")
    int password__min__length() default 8;

    @AttributeDefinition(name = "Letters and digits",
            description = "Whether a new password must contain at least one letter and at least one digit.")
    boolean password__require__letters__and__digits() default true;
}
