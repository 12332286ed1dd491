package org.magpie.client.model;

/** What the user typed into the registration dialog. */
public record RegistrationForm(String host, String port, String username, String password, String confirm,
        String nickname) {
}
