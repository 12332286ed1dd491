package org.magpie.client.service.smack.internal;

import java.nio.file.Path;
import java.util.Properties;

import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Transfer.Direction;

/**
 * What a transfer needs to continue after the client restarts: who, what, where, how far, and
 * for an upload the slot's URLs.
 *
 * @param putUrl the upload slot's PUT URL, or null (downloads; uploads before their slot)
 * @param getUrl the upload slot's GET URL, or null
 * @param meta   what is known about the file, or null (an upload before its slot)
 */
public record TransferRecord(String id, Direction direction, String account, String conversation, boolean group,
        Path file, String name, long total, long transferred, String putUrl, String getUrl, FileMessage meta) {

    /** As a properties file's entries. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("direction", direction.name());
        p.setProperty("account", String.valueOf(account));
        putIf(p, "conversation", conversation);
        p.setProperty("group", Boolean.toString(group));
        p.setProperty("file", file.toAbsolutePath().toString());
        p.setProperty("name", name);
        p.setProperty("size", Long.toString(total));
        p.setProperty("done", Long.toString(transferred));
        putIf(p, "put", putUrl);
        putIf(p, "get", getUrl);
        if (meta != null) {
            p.setProperty("url", meta.url());
            putIf(p, "type", meta.mediaType());
            putIf(p, "sha256", meta.sha256());
            p.setProperty("width", Integer.toString(meta.width()));
            p.setProperty("height", Integer.toString(meta.height()));
            putIf(p, "thumbnail", meta.thumbnailUrl());
            putIf(p, "thumbnailType", meta.thumbnailType());
        }
        return p;
    }

    /** From a properties file's entries; a RuntimeException when they are incomplete or malformed. */
    public static TransferRecord of(Properties p) {
        String name = p.getProperty("name");
        long total = Long.parseLong(p.getProperty("size", "-1"));
        FileMessage meta = p.getProperty("url") == null ? null
                : new FileMessage(p.getProperty("url"), name, total, p.getProperty("type"), p.getProperty("sha256"),
                        Integer.parseInt(p.getProperty("width", "0")), Integer.parseInt(p.getProperty("height", "0")),
                        p.getProperty("thumbnail"), p.getProperty("thumbnailType"));
        return new TransferRecord(p.getProperty("id"), Direction.valueOf(p.getProperty("direction")),
                p.getProperty("account"), p.getProperty("conversation"), Boolean.parseBoolean(p.getProperty("group")),
                Path.of(p.getProperty("file")), name, total, Long.parseLong(p.getProperty("done", "0")),
                p.getProperty("put"), p.getProperty("get"), meta);
    }

    private static void putIf(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
