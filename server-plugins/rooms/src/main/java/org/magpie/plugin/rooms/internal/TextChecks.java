package org.magpie.plugin.rooms.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

/**
 * What users may write where others read it (nicknames, group names, descriptions, reasons): length
 * limits, and no word of the sensitive-word list. Such texts are refused, not masked: a name of
 * stars helps nobody, and the sender can choose another.
 */
final class TextChecks {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_NICK = 64;

    /** What a checked text is, in the refusal: the suffix of its {@code words.refused.*} text. */
    enum Field {
        NICKNAME, GROUP_NAME, DESCRIPTION, REASON;

        String key() {
            return "words.refused." + name().toLowerCase(Locale.ROOT).replace('_', '.');
        }
    }

    private final Texts texts;
    /** The filter plugin's list while it runs; null otherwise. */
    private final Supplier<WordFilter> words;

    TextChecks(Texts texts, Supplier<WordFilter> words) {
        this.texts = texts;
        this.words = words;
    }

    void refuseListedWords(String text, Field field) throws StanzaException {
        WordFilter filter = words.get();
        if (filter == null || text == null || text.isBlank()) {
            return;
        }
        WordFilter.Verdict verdict = filter.check(text);
        if (!verdict.isClean()) {
            throw inEachLanguage(field.key(), verdict.rules()).exception(Condition.NOT_ACCEPTABLE);
        }
    }

    /** The text of {@code key} with the list joined as each language writes a list. */
    private LocalizedText inEachLanguage(String key, List<String> list) {
        return texts.text(key, list);
    }

    /** The name of a new group: 1 to {@value #MAX_NAME} characters, no listed word. */
    void newGroupName(String name) throws StanzaException {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw texts.text("name.length.create", Integer.toString(MAX_NAME)).exception(Condition.NOT_ACCEPTABLE);
        }
        refuseListedWords(name, Field.GROUP_NAME);
    }

    /** A group name set in the configuration form, where empty means the group's number. */
    void groupName(String name) throws StanzaException {
        if (name.length() > MAX_NAME) {
            throw texts.text("name.length", Integer.toString(MAX_NAME)).exception(Condition.NOT_ACCEPTABLE);
        }
        refuseListedWords(name, Field.GROUP_NAME);
    }

    void description(String description) throws StanzaException {
        if (description.length() > MAX_DESCRIPTION) {
            throw texts.text("description.length", Integer.toString(MAX_DESCRIPTION)).exception(Condition.NOT_ACCEPTABLE);
        }
        refuseListedWords(description, Field.DESCRIPTION);
    }

    /** A nickname's length; its words are a join rule (see {@link JoinRules}). */
    void nicknameLength(String nick) throws StanzaException {
        if (nick.isBlank() || nick.length() > MAX_NICK) {
            throw texts.text("nick.length", Integer.toString(MAX_NICK)).exception(Condition.NOT_ACCEPTABLE);
        }
    }
}
