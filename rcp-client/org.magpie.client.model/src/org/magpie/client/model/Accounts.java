package org.magpie.client.model;

import org.magpie.client.service.ServerAddress;

/**
 * How what a user types becomes an address. An account may be typed as {@code alice} or
 * {@code alice@domain}; without a domain, the server's host name is the domain, and a loopback
 * address stands for {@code localhost} (what a server on its defaults serves).
 */
public final class Accounts {

    private Accounts() {
    }

    public static ServerAddress server(String host, int port, String account) {
        String h = host.strip();
        int at = account.indexOf('@');
        String domain;
        if (at >= 0 && at < account.length() - 1) {
            domain = account.substring(at + 1).strip();
        } else if (h.equals("127.0.0.1") || h.equals("::1") || h.equals("[::1]")) {
            domain = "localhost";
        } else {
            domain = h;
        }
        return new ServerAddress(h, port, domain.toLowerCase(java.util.Locale.ROOT));
    }

    /** The local part of what was typed. */
    public static String localpart(String account) {
        String a = account.strip();
        int at = a.indexOf('@');
        return at >= 0 ? a.substring(0, at) : a;
    }

    /** Whether a local part is free of the characters an XMPP address forbids there (RFC 7622). */
    public static boolean validLocalpart(String localpart) {
        if (localpart.isEmpty() || localpart.length() > 64) {
            return false;
        }
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            if (Character.isWhitespace(c) || "\"&'/:<>@".indexOf(c) >= 0 || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
