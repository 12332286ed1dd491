package org.magpie.plugin.archive.internal;

import org.magpie.server.api.StanzaError;

/** A user-visible text in English and Chinese, the two languages of the intranet. */
record Text(String en, String zh) {

    /** A stanza error with both texts, so every client finds its language. */
    StanzaError error(StanzaError.Condition condition) {
        return StanzaError.of(condition, en, zh);
    }
}
