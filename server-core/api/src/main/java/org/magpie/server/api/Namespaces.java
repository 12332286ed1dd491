package org.magpie.server.api;

/** Namespace URIs used across the server. */
public final class Namespaces {

    public static final String CLIENT = "jabber:client";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String PING = "urn:xmpp:ping";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String REGISTER = "jabber:iq:register";
    public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
    /** XEP-0203 delayed delivery (see {@link Delay}). */
    public static final String DELAY = "urn:xmpp:delay";
    /** XEP-0004 data forms (see {@link org.magpie.server.api.forms.DataForm}). */
    public static final String DATA_FORMS = "jabber:x:data";
    /** XEP-0359 unique and stable stanza ids. */
    public static final String STANZA_ID = "urn:xmpp:sid:0";
    /** XEP-0313 message archive management. */
    public static final String MAM = "urn:xmpp:mam:2";
    /** XEP-0059 result set management. */
    public static final String RSM = "http://jabber.org/protocol/rsm";
    /** XEP-0297 stanza forwarding. */
    public static final String FORWARD = "urn:xmpp:forward:0";
    /** XEP-0045 multi-user chat, and its user, admin and owner parts. */
    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String MUC_USER = MUC + "#user";
    public static final String MUC_ADMIN = MUC + "#admin";
    public static final String MUC_OWNER = MUC + "#owner";
    /** RFC 6121 roster. */
    public static final String ROSTER = "jabber:iq:roster";
    /** XEP-0054 vcard-temp. */
    public static final String VCARD = "vcard-temp";
    /** XEP-0050 ad-hoc commands. */
    public static final String COMMANDS = "http://jabber.org/protocol/commands";
    /** XEP-0363 HTTP file upload. */
    public static final String HTTP_UPLOAD = "urn:xmpp:http:upload:0";
    /** XEP-0066 out of band data. */
    public static final String OOB = "jabber:x:oob";

    private Namespaces() {
    }
}
