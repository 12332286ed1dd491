package org.magpie.client.service.smack.internal;

import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Magpie's forward request to {@code upload.<domain>}:
 * {@code <forward xmlns='urn:magpie:files:0' url='<download URL>' jid='<friend or group>'/>}, sent
 * before the message with the URL, so that the target may read a group's file (the server checks the
 * forwarder may read it and the target is a friend or one of the forwarder's groups). The answer's
 * content is not needed: a result means the target can read the file.
 */
public final class FileForward extends IQ {

    /** The path of a file on Magpie's file service: {@code /files/<32 character slot id>/}. */
    private static final Pattern MAGPIE_FILE = Pattern.compile("/files/[A-Za-z0-9_-]{32}(?:/|$|\\?)");

    private final String url;
    private final String target;

    private FileForward(String url, String target) {
        super("forward", FilesIq.MAGPIE);
        this.url = url;
        this.target = target;
    }

    /** The request for the connection's upload service. */
    public static IQ request(XMPPTCPConnection c, String url, String target) {
        FileForward iq = new FileForward(url, target);
        iq.setType(Type.set);
        iq.setTo(JidCreate.domainBareFromOrThrowUnchecked("upload." + c.getXMPPServiceDomain()));
        return iq;
    }

    /** Whether the URL looks like one of Magpie's file service (others are forwarded as they are). */
    public static boolean isMagpieFile(String url) {
        return url != null && MAGPIE_FILE.matcher(url).find();
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.attribute("url", url);
        xml.attribute("jid", target);
        xml.setEmptyElement();
        return xml;
    }
}
