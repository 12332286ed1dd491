package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.SmackException.EndpointConnectionException;
import org.jivesoftware.smack.SmackException.NoResponseException;
import org.jivesoftware.smack.SmackException.NotConnectedException;
import org.jivesoftware.smack.SmackException.SecurityRequiredByClientException;
import org.jivesoftware.smack.SmackException.SecurityRequiredByServerException;
import org.jivesoftware.smack.SmackException.SmackCertificateException;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.util.rce.RemoteConnectionException;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;

/**
 * Turns what Smack throws into a {@link ServiceException}: the {@link FailureKind} a dialog can
 * explain, and the server's own words in the user's language when the server sent any.
 */
public final class Failures {

    /** What the failed operation was: the same stanza error means different things. */
    public enum Operation {
        LOGIN, REGISTER, SEND,
        /** Friend requests and their answers, removing a friend. */
        FRIENDS,
        /** Creating and joining groups. */
        GROUPS
    }

    private Failures() {
    }

    public static ServiceException map(Throwable t, Operation operation) {
        if (t instanceof ServiceException se) {
            return se;
        }
        if (t instanceof SASLErrorException sasl) {
            String condition = sasl.getSASLFailure().getSASLErrorString();
            String text = localized(sasl.getSASLFailure()::getDescriptiveText, sasl.getSASLFailure().getDescriptiveText());
            FailureKind kind = switch (condition) {
                case "not-authorized", "credentials-expired", "invalid-authzid" -> FailureKind.WRONG_CREDENTIALS;
                case "temporary-auth-failure", "account-disabled" -> FailureKind.LOCKED_OUT;
                default -> FailureKind.OTHER;
            };
            return new ServiceException(kind, text != null ? text : kind == FailureKind.OTHER ? condition : null, t);
        }
        if (t instanceof XMPPErrorException xe) {
            StanzaError error = xe.getStanzaError();
            return new ServiceException(kind(error, operation), text(error), t);
        }
        if (t instanceof StreamErrorException se) {
            String text = localized(se.getStreamError()::getDescriptiveText, se.getStreamError().getDescriptiveText());
            return new ServiceException(FailureKind.OTHER, text != null ? text : se.getStreamError().getCondition().toString(), t);
        }
        if (t instanceof XmppStringprepException) {
            return new ServiceException(FailureKind.INVALID_INPUT, null, t);
        }
        if (isTlsProblem(t)) {
            return new ServiceException(FailureKind.TLS_FAILED, null, t);
        }
        if (t instanceof EndpointConnectionException ece) {
            boolean timedOut = false;
            for (RemoteConnectionException<?> rce : ece.getConnectionExceptions()) {
                timedOut |= rce.getException() instanceof SocketTimeoutException;
            }
            return new ServiceException(timedOut ? FailureKind.TIMEOUT : FailureKind.UNREACHABLE, null, t);
        }
        if (t instanceof NoResponseException || t instanceof SocketTimeoutException) {
            return new ServiceException(FailureKind.TIMEOUT, null, t);
        }
        if (t instanceof SmackException.ConnectionException || t instanceof NotConnectedException
                || t instanceof IOException) {
            return new ServiceException(FailureKind.UNREACHABLE, null, t);
        }
        if (t.getCause() != null && t.getCause() != t) {
            ServiceException inner = map(t.getCause(), operation);
            if (inner.kind() != FailureKind.OTHER) {
                return new ServiceException(inner.kind(), inner.serverText(), t);
            }
        }
        return new ServiceException(FailureKind.OTHER, null, t);
    }

    /** Whether the failure is (caused by) a TLS handshake or certificate problem. */
    static boolean isTlsProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException || c instanceof CertificateException || c instanceof SmackCertificateException
                    || c instanceof SecurityRequiredByClientException || c instanceof SecurityRequiredByServerException
                    || c instanceof SmackException.SecurityNotPossibleException) {
                return true;
            }
        }
        return false;
    }

    /** The condition of a stanza error, for the operation that got it. */
    public static FailureKind kind(StanzaError error, Operation operation) {
        if (error == null) {
            return FailureKind.OTHER;
        }
        if (operation == Operation.GROUPS) {
            switch (error.getCondition()) {
                case conflict:
                    return FailureKind.GROUP_NUMBER_TAKEN;
                case item_not_found:
                    return FailureKind.NO_SUCH_GROUP;
                case forbidden:
                    return FailureKind.BANNED;
                case registration_required:
                    return FailureKind.MEMBERS_ONLY;
                default:
                    break; // as for any other operation
            }
        }
        return switch (error.getCondition()) {
            case conflict -> operation == Operation.REGISTER ? FailureKind.ACCOUNT_TAKEN : FailureKind.OTHER;
            case not_acceptable -> operation == Operation.REGISTER && aboutPassword(error)
                    ? FailureKind.WEAK_PASSWORD : FailureKind.INVALID_INPUT;
            case not_allowed, registration_required, service_unavailable, feature_not_implemented, forbidden ->
                    operation == Operation.REGISTER ? FailureKind.REGISTRATION_DISABLED : FailureKind.OTHER;
            case jid_malformed, bad_request -> FailureKind.INVALID_INPUT;
            case remote_server_timeout -> FailureKind.TIMEOUT;
            case item_not_found -> operation == Operation.FRIENDS ? FailureKind.NO_SUCH_ACCOUNT : FailureKind.OTHER;
            case remote_server_not_found -> operation == Operation.FRIENDS ? FailureKind.NO_SUCH_ACCOUNT : FailureKind.UNREACHABLE;
            default -> FailureKind.OTHER;
        };
    }

    /**
     * Whether a not-acceptable answer to a registration is about the password. XEP-0077 has a single
     * condition for every refused field; the server's words tell them apart. The English text is
     * asked (a Magpie server always sends it); a refusal naming a missing field is not a weak password.
     */
    private static boolean aboutPassword(StanzaError error) {
        String en = error.getDescriptiveText("en");
        if (en == null) {
            en = error.getDescriptiveText("");
        }
        if (en == null) {
            en = error.getDescriptiveText();
        }
        if (en == null) {
            return false;
        }
        String lower = en.toLowerCase(Locale.ROOT);
        return lower.contains("password") && !lower.contains("missing");
    }

    /** The server's explanation of a stanza error in the user's language, or null. */
    public static String text(StanzaError error) {
        return error == null ? null : localized(error::getDescriptiveText, error.getDescriptiveText());
    }

    /**
     * Picks the text whose xml:lang matches the JVM default locale (language-country, then language),
     * else English, else the one without a language, else whatever there is.
     */
    static String localized(Function<String, String> byLanguage, String anyText) {
        Locale l = Locale.getDefault();
        List<String> tags = new ArrayList<>();
        if (!l.getCountry().isEmpty()) {
            tags.add(l.getLanguage() + "-" + l.getCountry());
        }
        if (!l.getScript().isEmpty()) {
            tags.add(l.getLanguage() + "-" + l.getScript());
        }
        tags.add(l.getLanguage());
        tags.add("en");
        tags.add("");
        for (String tag : tags) {
            String text = byLanguage.apply(tag);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return anyText == null || anyText.isBlank() ? null : anyText;
    }
}
