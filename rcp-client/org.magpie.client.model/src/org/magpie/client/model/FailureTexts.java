package org.magpie.client.model;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;

/** Turns a failed operation into one sentence for the user, with the server's own words when it sent any. */
public final class FailureTexts {

    private final Texts texts;

    public FailureTexts(Texts texts) {
        this.texts = texts;
    }

    public String describe(Throwable failure, ServerAddress server) {
        Throwable t = failure;
        while (!(t instanceof ServiceException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (!(t instanceof ServiceException e)) {
            return texts.get("failure.OTHER") + " " + String.valueOf(failure.getMessage());
        }
        String base = server == null && e.kind() == FailureKind.UNREACHABLE
                ? texts.get("failure.UNREACHABLE.plain")
                : texts.get("failure." + e.kind().name(), server == null ? "" : server.host() + ":" + server.port());
        String detail = e.serverText();
        if (detail == null || detail.isBlank()) {
            return base;
        }
        // the server's text already names the rule (e.g. the password policy): it says more than ours
        if (e.kind() == FailureKind.WEAK_PASSWORD || e.kind() == FailureKind.INVALID_INPUT
                || e.kind() == FailureKind.OTHER || e.kind() == FailureKind.LOCKED_OUT
                || e.kind() == FailureKind.FILE_TOO_LARGE) { // the server's text names its limit
            return detail.strip();
        }
        return base;
    }
}
