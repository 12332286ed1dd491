package org.magpie.server.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.forms.DataForm;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An ad-hoc command (XEP-0050) the server offers at its own address, such as the weather or an
 * administration task. Register as an OSGi service; the commands plugin lists it in disco, runs its
 * steps and keeps the session ids. A command is a form to fill in and an answer: the first step
 * (no form) returns the form, the next one (the submitted form) the result.
 *
 * @since 1.3
 */
@ConsumerType
public interface AdHocCommand {

    /** The node, unique on the server, e.g. {@code weather} or {@code http://jabber.org/protocol/admin#add-user}. */
    String node();

    /** The name users see, in their language ({@code zh...} for Chinese, anything else English). */
    String name(String language);

    /** Whether only the server's administrators may see and run it. */
    default boolean forAdministrators() {
        return false;
    }

    /**
     * Runs one step. May complete later (a provider to ask), never blocking the calling thread long.
     * Fails with a {@link StanzaException} for a clear error (a required field missing, ...).
     *
     * @param form null at the first step, then the form the user submitted
     */
    CompletionStage<Step> execute(EntityFullJid requester, String language, DataForm form);

    /** What a step answers. */
    record Step(boolean completed, Optional<DataForm> form, List<Note> notes) {

        public Step {
            notes = List.copyOf(notes);
        }

        /** A form the user is to fill in and submit. */
        public static Step ask(DataForm form) {
            return new Step(false, Optional.of(form), List.of());
        }

        /** The end, with a result form and/or notes. */
        public static Step done(DataForm result, Note... notes) {
            return new Step(true, Optional.ofNullable(result), List.of(notes));
        }
    }

    /** A note for the user; {@code type} is {@code info}, {@code warn} or {@code error}. */
    record Note(String type, String text) {

        public static Note info(String text) {
            return new Note("info", text);
        }

        public static Note error(String text) {
            return new Note("error", text);
        }
    }
}
