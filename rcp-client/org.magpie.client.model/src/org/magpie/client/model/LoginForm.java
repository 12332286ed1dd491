package org.magpie.client.model;

/** What the login dialog shows and what the user typed into it. */
public record LoginForm(String host, String port, String username, String password, boolean remember) {
}
