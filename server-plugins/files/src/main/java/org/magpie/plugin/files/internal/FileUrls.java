package org.magpie.plugin.files.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;

/**
 * The URLs the service hands out (upload, download, preview) below one base URL, and the way back
 * from a download URL to its slot id.
 */
final class FileUrls {

    private final FilesConfig config;
    private final DomainBareJid domain;
    /** changed once, by {@link #listeningOn}, when the port is bound; read by every request */
    private volatile String base;

    /** {@code files.public.url}, or the file port on the domain when it is not set. */
    FileUrls(FilesConfig config, DomainBareJid domain) {
        this.config = config;
        this.domain = domain;
        this.base = base(config.http_port());
    }

    /**
     * The file port is open on {@code port}: URLs name it from now on (unless {@code files.public.url}
     * names another place). It differs from the setting when that is 0, any free port.
     */
    void listeningOn(int port) {
        base = base(port);
    }

    private String base(int port) {
        String url = config.public_url().strip();
        if (url.isEmpty()) {
            url = (config.http_tls() ? "https" : "http") + "://" + domain + ":" + port;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String base() {
        return base;
    }

    String putUrl(FileRecord f) {
        return base + "/upload/" + f.putToken() + "/" + pathSegment(f.name());
    }

    String getUrl(FileRecord f) {
        return base + "/files/" + f.slotId() + "/" + pathSegment(f.name());
    }

    String thumbnailUrl(FileRecord f) {
        return base + "/thumbnails/" + f.slotId();
    }

    /**
     * The slot id in one of this service's download or preview URLs ({@code <base>/files/<id>/<name>},
     * {@code <base>/thumbnails/<id>}): same scheme, host and port as the base, no user info, the path
     * under the base's. Empty for any other URL.
     */
    Optional<String> slotInUrl(String url) {
        String base = this.base;
        URI u;
        URI b;
        try {
            u = new URI(url.strip());
            b = new URI(base);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!u.isAbsolute() || u.isOpaque() || u.getRawUserInfo() != null || u.getRawFragment() != null || u.getHost() == null
                || !b.getScheme().equalsIgnoreCase(u.getScheme()) || !b.getHost().equalsIgnoreCase(u.getHost())
                || port(b) != port(u)) {
            return Optional.empty();
        }
        String basePath = b.getRawPath() == null ? "" : b.getRawPath();
        String path = u.getRawPath();
        if (path == null || !path.startsWith(basePath + "/")) {
            return Optional.empty();
        }
        String[] seg = path.substring(basePath.length()).split("/", -1);
        boolean file = (seg.length == 3 || seg.length == 4) && seg[1].equals("files");
        boolean preview = seg.length == 3 && seg[1].equals("thumbnails");
        return (file || preview) && Ids.valid(seg[2]) ? Optional.of(seg[2]) : Optional.empty();
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String pathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
