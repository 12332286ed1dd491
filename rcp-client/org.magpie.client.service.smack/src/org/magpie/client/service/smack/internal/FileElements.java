package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.magpie.client.service.FileMessage;

/**
 * A file's details in a message: the URL as body and XEP-0066 {@code <x xmlns='jabber:x:oob'><url/></x>},
 * the XEP-0300 {@code <hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>base64</hash>}, the XEP-0264
 * {@code <thumbnail xmlns='urn:xmpp:thumbs:1' uri media-type width height/>} and Magpie's
 * {@code <file xmlns='urn:magpie:files:0' name size type/>} (what XEP-0066 has no place for).
 */
public final class FileElements {

    static final String OOB = PlainElement.OOB_NAMESPACE;
    static final String HASHES = "urn:xmpp:hashes:2";
    static final String THUMBS = "urn:xmpp:thumbs:1";

    private FileElements() {
    }

    public static void registerProviders() {
        ProviderManager.addExtensionProvider("x", OOB, new PlainElement());
        ProviderManager.addExtensionProvider("hash", HASHES, new TextElement());
        ProviderManager.addExtensionProvider("thumbnail", THUMBS, new TextElement());
        ProviderManager.addExtensionProvider("file", FilesIq.MAGPIE, new TextElement());
    }

    /** The elements that describe a file, to add to a message whose body is the URL. */
    public static List<ExtensionElement> elementsOf(FileMessage f) {
        StandardExtensionElement oob = StandardExtensionElement.builder("x", OOB).addElement("url", f.url()).build();
        StandardExtensionElement.Builder file = StandardExtensionElement.builder("file", FilesIq.MAGPIE)
                .addAttribute("name", f.name());
        if (f.size() >= 0) {
            file.addAttribute("size", Long.toString(f.size()));
        }
        if (f.mediaType() != null) {
            file.addAttribute("type", f.mediaType());
        }
        List<ExtensionElement> result = new java.util.ArrayList<>(List.of(oob, file.build()));
        if (f.sha256() != null) {
            result.add(StandardExtensionElement.builder("hash", HASHES).addAttribute("algo", "sha-256")
                    .setText(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.sha256()))).build());
        }
        if (f.thumbnailUrl() != null) {
            StandardExtensionElement.Builder t = StandardExtensionElement.builder("thumbnail", THUMBS)
                    .addAttribute("uri", f.thumbnailUrl());
            if (f.thumbnailType() != null) {
                t.addAttribute("media-type", f.thumbnailType());
            }
            if (f.width() > 0 && f.height() > 0) {
                // the image's size: the preview is scaled from it and a client reserves the space
                t.addAttribute("width", Integer.toString(f.width())).addAttribute("height", Integer.toString(f.height()));
            }
            result.add(t.build());
        }
        return result;
    }

    /** The file a message carries (an OOB URL), or null. */
    public static FileMessage parse(Message m) {
        StandardExtensionElement oob = standard(m.getExtensionElement("x", OOB));
        if (oob == null || oob.getFirstElement("url") == null) {
            return null;
        }
        String url = oob.getFirstElement("url").getText();
        if (url == null || url.isBlank()) {
            return null;
        }
        String name = null;
        String type = null;
        long size = -1;
        StandardExtensionElement file = standard(m.getExtensionElement("file", FilesIq.MAGPIE));
        if (file != null) {
            name = file.getAttributeValue("name");
            type = file.getAttributeValue("type");
            size = number(file.getAttributeValue("size"));
        }
        String sha256 = null;
        for (ExtensionElement e : m.getExtensions("hash", HASHES)) {
            StandardExtensionElement h = standard(e);
            if (h != null && "sha-256".equals(h.getAttributeValue("algo")) && h.getText() != null) {
                try {
                    byte[] digest = Base64.getDecoder().decode(h.getText().strip());
                    sha256 = digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
                } catch (IllegalArgumentException bad) {
                    sha256 = null;
                }
            }
        }
        StandardExtensionElement t = standard(m.getExtensionElement("thumbnail", THUMBS));
        String thumb = t == null ? null : t.getAttributeValue("uri");
        String thumbType = t == null ? null : t.getAttributeValue("media-type");
        int width = t == null ? 0 : (int) Math.max(0, number(t.getAttributeValue("width")));
        int height = t == null ? 0 : (int) Math.max(0, number(t.getAttributeValue("height")));
        return new FileMessage(url.strip(), name, size, type, sha256, width, height, thumb, thumbType);
    }

    private static StandardExtensionElement standard(ExtensionElement e) {
        return e instanceof StandardExtensionElement s ? s : null;
    }

    private static long number(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads an element's attributes and text (Smack's generic parser asserts on them with the StAX parser). */
    static final class TextElement extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
            Map<String, String> attributes = RoomsIq.attributes(parser);
            attributes.forEach(b::addAttribute);
            StringBuilder text = new StringBuilder();
            while (true) {
                XmlPullParser.Event e = parser.next();
                if (e == XmlPullParser.Event.TEXT_CHARACTERS) {
                    text.append(parser.getText());
                } else if (e == XmlPullParser.Event.END_DOCUMENT
                        || e == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    if (!text.isEmpty()) {
                        b.setText(text.toString());
                    }
                    return b.build();
                }
            }
        }
    }
}
