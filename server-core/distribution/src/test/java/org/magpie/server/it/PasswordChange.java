package org.magpie.server.it;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.IQ;

/**
 * A password change the way XEP-0077 §3.3 lets a server ask for it: a data form with the current
 * password (old_password) and the new one. Smack's AccountManager sends only the new one.
 */
final class PasswordChange extends IQ {

    private final String oldPassword;
    private final String newPassword;

    private PasswordChange(String oldPassword, String newPassword) {
        super("query", "jabber:iq:register");
        this.oldPassword = oldPassword;
        this.newPassword = newPassword;
        setType(Type.set);
    }

    /** Sends the form and waits for the result; an error answer is thrown as XMPPErrorException. */
    static void submit(XMPPConnection c, String oldPassword, String newPassword) throws Exception {
        c.sendIqRequestAndWaitForResponse(new PasswordChange(oldPassword, newPassword));
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.rightAngleBracket();
        xml.append("<x xmlns='jabber:x:data' type='submit'>");
        field(xml, "FORM_TYPE", "jabber:iq:register");
        field(xml, "old_password", oldPassword);
        field(xml, "password", newPassword);
        xml.append("</x>");
        return xml;
    }

    private static void field(IQChildElementXmlStringBuilder xml, String var, String value) {
        xml.append("<field var='").append(var).append("'><value>").escape(value).append("</value></field>");
    }
}
