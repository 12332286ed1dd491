package org.magpie.plugin.files.internal;

import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;

/** A user-visible text in English and Chinese, the two languages of the intranet. */
record Text(String en, String zh) {

    StanzaError error(StanzaError.Condition condition) {
        return StanzaError.of(condition, en, zh);
    }

    StanzaException exception(StanzaError.Condition condition) {
        return new StanzaException(error(condition));
    }

    /** Both languages, one per line: the body of an HTTP error answer. */
    String lines() {
        return en + "\n" + zh + "\n";
    }
}
