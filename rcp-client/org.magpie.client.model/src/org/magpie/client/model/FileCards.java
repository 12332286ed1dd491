package org.magpie.client.model;

import java.util.Objects;

import org.magpie.client.service.FileMessage;

/**
 * The texts of a file or image in a chat: the card's name and size line, the placeholder while the
 * details load, the short form for previews ([Image]/[图片], [File]/[文件]) and what a finished
 * download says about its SHA-256.
 */
public final class FileCards {

    private final Texts texts;

    public FileCards(Texts texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
    }

    /** The card's second line: "2.4 MB · PDF" (size unknown: only the type). */
    public String details(FileMessage f) {
        String type = type(f);
        if (f.size() < 0) {
            return type;
        }
        return type.isEmpty() ? TransferPresenter.size(f.size()) : TransferPresenter.size(f.size()) + " · " + type;
    }

    /** An image's caption: "640 × 480 · 1.2 MB". */
    public String imageCaption(FileMessage f) {
        String size = f.size() < 0 ? "" : TransferPresenter.size(f.size());
        if (f.width() > 0 && f.height() > 0) {
            return f.width() + " × " + f.height() + (size.isEmpty() ? "" : " · " + size);
        }
        return size;
    }

    /** [Image] / [图片] or [File] / [文件]. */
    public String shortForm(FileMessage f) {
        return texts.get(f.isImage() ? "preview.image" : "preview.file");
    }

    /** After a download: verified, or no hash to compare. */
    public String downloaded(boolean verified, String path) {
        return texts.get(verified ? "file.downloaded.verified" : "file.downloaded.unverified", path);
    }

    /** The file name's extension in capitals ("PDF"), else the media type's subtype, else empty. */
    static String type(FileMessage f) {
        String n = f.name();
        int dot = n.lastIndexOf('.');
        if (dot > 0 && dot < n.length() - 1 && n.length() - dot <= 6) {
            return n.substring(dot + 1).toUpperCase(java.util.Locale.ROOT);
        }
        if (f.mediaType() != null && f.mediaType().contains("/")) {
            return f.mediaType().substring(f.mediaType().indexOf('/') + 1).toUpperCase(java.util.Locale.ROOT);
        }
        return "";
    }
}
