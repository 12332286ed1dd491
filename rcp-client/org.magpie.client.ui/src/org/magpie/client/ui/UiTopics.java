package org.magpie.client.ui;

/**
 * The event broker topics the add-ons post to and the parts listen to with {@code @EventTopic}:
 * an add-on turns what a presenter reports into an event, and every open chat part picks the events
 * of its own conversation, so no add-on needs to know the parts' classes. The add-ons send them with
 * {@code IEventBroker.send} on the UI thread (presenters call their views there), so the parts
 * update on the UI thread before the call returns. Not {@code @UIEventTopic}: its one shared
 * supplier keeps the UI synchroniser of the first workbench, and in a second workbench of the same
 * runtime (the tests start many) it drops the events.
 */
public final class UiTopics {

    private static final String BASE = "org/magpie/client/ui/";

    /** A private chat's message arrived or was sent (data: {@code ChatMessage}). */
    public static final String CHAT_MESSAGE = BASE + "chat/message";
    /** A line from the client in a private chat, e.g. a failure or the word filter's mark (data: {@link Notice}). */
    public static final String CHAT_NOTICE = BASE + "chat/notice";
    /** A group's message or notice arrived (data: {@code GroupMessage}). */
    public static final String GROUP_MESSAGE = BASE + "group/message";
    /** A line from the client in a group chat, e.g. that a message could not be sent (data: {@link Notice}). */
    public static final String GROUP_NOTICE = BASE + "group/notice";

    /** A line for the chat with {@code conversation} (a contact's or a group's bare address). */
    public record Notice(String conversation, String text) {
    }

    private UiTopics() {
    }
}
