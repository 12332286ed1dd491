package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The client's own folders (unfinished transfers, images kept for viewing): created 0700 where the
 * file system knows POSIX permissions, and refused when what is there is a link, not a folder, or
 * another user's, since another user could then read the files or plant links in it.
 */
public final class PrivateFolders {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateFolders() {
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder (0700) and its missing parents, or makes an existing one of this user's 0700. */
    public static Path create(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = d.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                if (posix()) {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createDirectory(d);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // checked below like any existing one
            }
        }
        BasicFileAttributes a = Files.readAttributes(d, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(d + " is " + (a.isSymbolicLink() ? "a link" : "not a folder")
                    + "; the client keeps its files only in a folder of its own");
        }
        if (!ownedByMe(d)) {
            throw new IOException(d + " belongs to " + Files.getOwner(d, LinkOption.NOFOLLOW_LINKS)
                    + "; the client keeps its files only in a folder of its own");
        }
        if (posix() && !Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(d, OWNER_ONLY);
        }
        return d;
    }

    /** Whether the file (not a link's target) belongs to the user this client runs as (true where owners are unknown). */
    public static boolean ownedByMe(Path file) throws IOException {
        if (!posix()) {
            return true;
        }
        UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        try {
            return owner.equals(file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException unknown) {
            return true; // a user the system cannot name: the permissions still keep others out
        }
    }
}
