package org.magpie.plugin.files.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the file service, PID {@value FileService#PID}: the {@code files.*} keys of
 * conf/magpie.properties; Declarative Services maps each {@code _} of a method name to a dot.
 */
@ObjectClassDefinition(name = "Magpie files", description = "HTTP file upload (XEP-0363) on upload.<domain>.")
@interface FilesConfig {

    @AttributeDefinition(name = "HTTP address", description = "Address the file transfer port listens on.")
    String http_address() default "127.0.0.1";

    @AttributeDefinition(name = "HTTP port", description = "Port of the file transfers (HTTPS unless http.tls is false).",
            min = "0", max = "65535")
    int http_port() default 5443;

    @AttributeDefinition(name = "TLS", description = "Serve HTTPS with the server's certificate; false = plain HTTP.")
    boolean http_tls() default true;

    @AttributeDefinition(name = "Idle timeout (seconds)",
            description = "A connection that sends or takes nothing for this long is closed, also in the middle of a request.",
            min = "1")
    int http_idle_timeout_seconds() default 30;

    @AttributeDefinition(name = "Threads", description = "Most threads of the file transfer port's HTTP server.", min = "8")
    int http_threads() default 200;

    @AttributeDefinition(name = "Request header bytes", description = "Largest request line and headers; larger ones get 431.",
            min = "1024")
    int http_header_bytes() default 8192;

    @AttributeDefinition(name = "Transfers per address",
            description = "Requests served at once for one client address; more get 503 with Retry-After. 0 = no limit.", min = "0")
    int http_max_transfers_per_address() default 32;

    @AttributeDefinition(name = "Transfers in all",
            description = "Requests served at once in all; more get 503 with Retry-After. 0 = no limit.", min = "0")
    int http_max_transfers() default 150;

    @AttributeDefinition(name = "Public URL",
            description = "Start of the URLs handed to clients, e.g. https://files.example.com:5443; empty = <scheme>://<domain>:<port>.")
    String public_url() default "";

    @AttributeDefinition(name = "Largest file (MB)", description = "Largest file one upload may have, in MiB.", min = "1")
    long max_file_mb() default 512;

    @AttributeDefinition(name = "Quota per user (MB)",
            description = "Bytes all of a user's unexpired files may take together, in MiB; 0 = no quota.", min = "0")
    long quota_mb() default 4096;

    @AttributeDefinition(name = "Allowed types",
            description = "Comma separated content types that may be uploaded, 'image/*' style wildcards allowed; empty = all.")
    String types_allowed() default "";

    @AttributeDefinition(name = "Days kept", description = "Days a file is kept after its upload; 0 = forever.", min = "0")
    int expire_days() default 30;

    @AttributeDefinition(name = "Hours to finish an upload",
            description = "An upload not finished within this time is removed with its bytes.", min = "1")
    int incomplete_hours() default 24;

    @AttributeDefinition(name = "Clean-up interval (seconds)", description = "Seconds between runs of the clean-up job.",
            min = "1")
    int cleanup_interval_seconds() default 3600;

    @AttributeDefinition(name = "Access checks",
            description = "Only members of a group may download the files uploaded for it (with an access token).")
    boolean access_checks() default true;

    @AttributeDefinition(name = "Access token minutes", description = "How long a download access token stays valid.",
            min = "1")
    int access_token_minutes() default 720;

    @AttributeDefinition(name = "Thumbnail size", description = "Longest side of image thumbnails, in pixels.", min = "16")
    int thumbnail_pixels() default 256;

    @AttributeDefinition(name = "Largest image previewed (megapixels)",
            description = "Images with more pixels (as their header says, read before anything is decoded) get no preview.",
            min = "1")
    int thumbnail_max_megapixels() default 50;

    @AttributeDefinition(name = "Preview time (seconds)",
            description = "Longest time a preview may take; the upload completes without one after that.", min = "1")
    int thumbnail_seconds() default 10;
}
