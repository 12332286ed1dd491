package org.magpie.plugin.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of in-band registration, PID {@value RegistrationHandler#PID}: the {@code auth.*}
 * keys of conf/magpie.properties ({@code auth.registration.enabled}, {@code auth.password.min.length},
 * {@code auth.password.require.letters.and.digits}, {@code auth.registration.reserved.names}) and
 * {@code admin.accounts} (PID org.magpie.admin, merged in); Declarative Services maps each {@code _}
 * of a method name to a dot.
 */
@ObjectClassDefinition(name = "Magpie registration",
        description = "In-band account registration (XEP-0077) and the password policy.")
@interface AuthConfig {

    @AttributeDefinition(name = "Registration enabled",
            description = "Whether new accounts may be created by clients. Password changes and account "
                    + "removal by logged-in users stay possible either way.")
    boolean registration_enabled() default true;

    @AttributeDefinition(name = "Minimum password length",
            description = "The least number of characters a new password must have.", min = "1")
    int password_min_length() default 8;

    @AttributeDefinition(name = "Letters and digits",
            description = "Whether a new password must contain at least one letter and at least one digit.")
    boolean password_require_letters_and_digits() default true;

    @AttributeDefinition(name = "Reserved names",
            description = "Account names nobody may register in-band (comma separated): service addresses such as "
                    + "the weather bot, and names people would take for the server's own. The administrators of "
                    + "admin.accounts are reserved as well.")
    String registration_reserved_names() default "admin,administrator,root,postmaster,hostmaster,webmaster,abuse,"
            + "security,support,system,server,magpie,weather,rooms,upload,files,noreply";

    @AttributeDefinition(name = "Administrators",
            description = "admin.accounts (PID org.magpie.admin, read here too): reserved for registration.")
    String accounts() default "";

    @AttributeDefinition(name = "Registrations per address per hour",
            description = "How many accounts clients from one address may register in one hour; 0 = no limit.", min = "0")
    int registration_per_address_per_hour() default 10;

    @AttributeDefinition(name = "Registrations per hour",
            description = "How many accounts may be registered in one hour in total; 0 = no limit.", min = "0")
    int registration_per_hour() default 500;
}
