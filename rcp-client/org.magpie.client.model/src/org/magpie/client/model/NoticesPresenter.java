package org.magpie.client.model;

import org.magpie.client.service.Announcement;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;

/**
 * What the server itself tells the user: the sensitive-word filter's verdict on a message the user
 * sent (a line in that chat: masked or not delivered, with the rules), and administrators'
 * announcements (a notice with subject and text).
 */
public final class NoticesPresenter implements MessagingListener {

    /** What the main window does for the presenter; always called through {@link Ui}. */
    public interface View {
        /** A notice line in the chat with {@code conversation} (if that chat is open). */
        void chatNotice(String conversation, String text);

        /** An announcement to show now. */
        void announcement(String title, String text);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public NoticesPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void start() {
        service.addListener(this);
    }

    public void stop() {
        service.removeListener(this);
    }

    /** The line for the sender's chat. */
    public String filterText(FilterNotice notice) {
        String rules = String.join(texts.locale().getLanguage().equals("zh") ? "\u3001" : ", ", notice.rules());
        String key = notice.action() == FilterNotice.Action.MASKED ? "filter.masked" : "filter.blocked";
        return rules.isEmpty() ? texts.get(key + ".norule") : texts.get(key, rules);
    }

    /** The notice's title: the subject when there is one. */
    public String announcementTitle(Announcement a) {
        return a.subject() == null ? texts.get("announcement.title") : texts.get("announcement.title.subject", a.subject());
    }

    /** The notice's text: the subject again above the text (a window's title is easily overlooked). */
    public String announcementText(Announcement a) {
        return a.subject() == null ? a.text() : a.subject() + "\n\n" + a.text();
    }

    @Override
    public void messageFiltered(ChatMessage message, FilterNotice notice) {
        String text = filterText(notice);
        ui.execute(() -> view.chatNotice(message.conversation(), text));
    }

    @Override
    public void announcementReceived(Announcement announcement) {
        String title = announcementTitle(announcement);
        String text = announcementText(announcement);
        ui.execute(() -> view.announcement(title, text));
    }
}
