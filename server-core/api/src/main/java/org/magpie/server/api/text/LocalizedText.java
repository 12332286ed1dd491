package org.magpie.server.api.text;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;

/**
 * One text a user may read, in every language the server speaks (English and Chinese), keyed by
 * language tag. Stanza errors carry all of them (one {@code <text xml:lang/>} each, so every client
 * shows its user's language); a message or form takes the one its reader asked for with {@link #in}.
 */
public record LocalizedText(Map<String, String> byLanguage) {

    /** The language every text has and the one used when a reader's language is not known. */
    public static final String ENGLISH = "en";

    public LocalizedText {
        Objects.requireNonNull(byLanguage.get(ENGLISH), "every text has an English version");
        byLanguage = Map.copyOf(new LinkedHashMap<>(byLanguage));
    }

    /** A text in English and Chinese, for texts made up at run time (e.g. from a setting). */
    public static LocalizedText of(String english, String chinese) {
        return new LocalizedText(Map.of(ENGLISH, english, "zh", chinese));
    }

    public String english() {
        return byLanguage.get(ENGLISH);
    }

    /**
     * The version for a reader of {@code languageTag} ({@code xml:lang}, e.g. {@code zh-CN}): the exact
     * tag, else its primary language, else {@code fallback}'s, else English.
     */
    public String in(String languageTag, String fallback) {
        for (String tag : new String[] {languageTag, fallback}) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String exact = byLanguage.get(tag);
            if (exact != null) {
                return exact;
            }
            String primary = byLanguage.get(Locale.forLanguageTag(tag).getLanguage());
            if (primary != null) {
                return primary;
            }
        }
        return english();
    }

    /** {@link #in(String, String)} with English as the fallback. */
    public String in(String languageTag) {
        return in(languageTag, ENGLISH);
    }

    /** A stanza error with this text in every language. */
    public StanzaError error(StanzaError.Condition condition) {
        return new StanzaError(condition, condition.defaultType(), byLanguage);
    }

    public StanzaException exception(StanzaError.Condition condition) {
        return new StanzaException(error(condition));
    }

    @Override
    public String toString() {
        return english();
    }
}
