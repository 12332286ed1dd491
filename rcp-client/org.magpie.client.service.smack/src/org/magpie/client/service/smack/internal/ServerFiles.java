package org.magpie.client.service.smack.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Which links are files of the logged-in server's own upload service: only those are fetched
 * without the user asking (details, previews) and only those are given download tokens. Any other
 * link in a message, {@code http://attacker/…} or {@code https://intranet-wiki/…}, is someone's
 * link: fetching it would tell its owner who read the chat and when, reach into the intranet on the
 * reader's behalf, and hand it the reader's token.
 * <p>
 * A link is the server's when its scheme, host and port are those of a base the server named and
 * its path lies below that base's path. The server names its bases in the upload service's
 * disco#info (a form {@code urn:magpie:files:0} with a field {@code url}) and in every upload slot
 * it hands this client. While it named none, a link is taken as the server's when it is HTTPS to
 * the host the client connected to or to the XMPP domain (the files service's default address)
 * and its path is that of Magpie's files ({@code …/files/<slot>/…}, {@code …/thumbnails/<slot>}).
 * Thread-safe.
 */
public final class ServerFiles {

    /** A path on Magpie's files service: a download or a preview of a slot. */
    private static final Pattern MAGPIE_PATH = Pattern.compile("(?:/[^/]*)*/(?:files|thumbnails)/[A-Za-z0-9_-]{32}(?:/[^/]*)?");

    private final Set<String> hosts;
    private final Set<Base> bases = new CopyOnWriteArraySet<>();

    private record Base(String scheme, String host, int port, String path) {
    }

    /**
     * @param domain        the XMPP domain logged in to
     * @param connectedHost the host the client connected to for it
     */
    public ServerFiles(String domain, String connectedHost) {
        this.hosts = Set.of(lower(Objects.requireNonNull(domain, "domain")),
                lower(connectedHost == null ? domain : connectedHost));
    }

    /** A base URL the server named (disco#info); below it lie its files. */
    public void named(String base) {
        Base b = base(base, false);
        if (b != null) {
            bases.add(b);
        }
    }

    /**
     * The URLs of an upload slot the server handed this client: the part before {@code /files/}
     * (or {@code /upload/}) is a base of its files service.
     */
    public void slot(String url) {
        URI u = uri(url);
        if (u == null) {
            return;
        }
        String path = u.getRawPath();
        for (String marker : new String[] {"/files/", "/upload/", "/thumbnails/"}) {
            int at = path.indexOf(marker);
            if (at >= 0) {
                named(u.getScheme() + "://" + u.getRawAuthority() + path.substring(0, at));
                return;
            }
        }
    }

    /** Whether the server named any base (else the default rule of the class comment applies). */
    public boolean named() {
        return !bases.isEmpty();
    }

    /** Whether {@code url} is a file of this server's upload service (see the class comment). */
    public boolean contains(String url) {
        Base link = base(url, true);
        if (link == null) {
            return false;
        }
        if (!bases.isEmpty()) {
            for (Base b : bases) {
                if (b.scheme.equals(link.scheme) && b.host.equals(link.host) && b.port == link.port
                        && (link.path.startsWith(b.path.endsWith("/") ? b.path : b.path + "/"))) {
                    return true;
                }
            }
            return false;
        }
        return link.scheme.equals("https") && hosts.contains(link.host) && MAGPIE_PATH.matcher(link.path).matches();
    }

    /** Scheme, host, port and path of an http(s) URL without user info or path tricks, else null. */
    private static Base base(String url, boolean link) {
        URI u = uri(url);
        if (u == null) {
            return null;
        }
        String scheme = lower(u.getScheme());
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String decoded = lower(path);
        if (decoded.contains("%2e") || decoded.contains("%2f") || decoded.contains("%5c") || decoded.contains("\\")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
            return null; // a path that names something else once decoded or normalised
        }
        if (link && path.isEmpty()) {
            return null;
        }
        return new Base(scheme, lower(u.getHost()), port, path);
    }

    private static URI uri(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : lower(u.getScheme());
            if (!u.isAbsolute() || u.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))
                    || u.getHost() == null || u.getRawUserInfo() != null) {
                return null;
            }
            return u;
        } catch (Exception notALink) {
            return null;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
