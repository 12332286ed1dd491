package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The requests to {@code upload.<domain>} (Magpie's upload service; where XEP-0363 clients look)
 * and what their answers say.
 */
public final class UploadService {

    private UploadService() {
    }

    public static void registerProviders() {
        FilesIq.registerProviders();
        FileElements.registerProviders();
    }

    private static IQ to(XMPPTCPConnection c, FilesIq iq) {
        iq.setTo(JidCreate.domainBareFromOrThrowUnchecked("upload." + c.getXMPPServiceDomain()));
        return iq;
    }

    /** A slot for a file; {@code room} is the group's address when the file is for a group, else null. */
    public static IQ slot(XMPPTCPConnection c, String name, long size, String type, String room) {
        return to(c, FilesIq.slotRequest(name, size, type, room));
    }

    /** A download token for a group's file. */
    public static IQ access(XMPPTCPConnection c, String url) {
        return to(c, FilesIq.accessRequest(url));
    }

    public static String put(IQ slot) {
        return slot instanceof FilesIq f ? f.childAttribute("put", "url") : null;
    }

    public static String get(IQ slot) {
        return slot instanceof FilesIq f ? f.childAttribute("get", "url") : null;
    }

    public static String token(IQ access) {
        return access instanceof FilesIq f ? f.attribute("token") : null;
    }

    /**
     * The bases of the upload service's files as it names them in its disco#info: the values of the
     * field {@code url} of a form {@code urn:magpie:files:0} (empty when it names none).
     */
    public static List<String> namedBases(XMPPTCPConnection c) throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c)
                .discoverInfo(JidCreate.domainBareFrom("upload." + c.getXMPPServiceDomain()));
        List<String> bases = new ArrayList<>();
        for (DataForm form : info.getExtensions(DataForm.class)) {
            if (FilesIq.MAGPIE.equals(form.getFormType())) {
                FormField url = form.getField("url");
                if (url != null) {
                    bases.addAll(url.getValuesAsString());
                }
            }
        }
        return bases;
    }

    /** Whether a not-acceptable refusal is about the size (XEP-0363 file-too-large), not the type. */
    public static boolean tooLarge(StanzaError error) {
        if (error.getExtension("file-too-large", FilesIq.UPLOAD) != null) {
            return true;
        }
        String en = error.getDescriptiveText("en");
        return en != null && en.toLowerCase(java.util.Locale.ROOT).contains("large");
    }
}
