package org.magpie.client.ui.parts;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.files.FileChooser;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.UiTopics;

/**
 * One conversation (made at run time from the part descriptor
 * {@code org.magpie.client.ui.partdescriptor.chat}, see {@link org.magpie.client.ui.ChatParts}):
 * the transcript, where each message shows its sender's nickname and time above the wrapped text
 * and the user's own messages stand apart on the right in another colour, and the input, where
 * Enter sends and Shift+Enter starts a new line. The newest page of the server's history comes
 * first when the tab opens, and older pages when the transcript is scrolled to the top.
 */
public class ChatPart implements HistoryPresenter.View<ChatMessage> {

    @Inject
    @Optional
    MessengerPresenter presenter;

    @Inject
    @Optional
    HistoryPresenter history;

    @Inject
    @Optional
    InboxPresenter inbox;

    @Inject
    @Optional
    FilesPresenter files;

    /** Asks which files to send and where to save; the system's dialogs unless the context has another. */
    @Inject
    @Optional
    FileChooser chooser;

    private String conversation;
    private Label header;
    private Transcript transcript;
    private MessageInput input;
    private ChatFiles attachments;
    /** Whether a page of history has been shown: the first one scrolls to the newest message. */
    private boolean historyShown;

    @PostConstruct
    public void createControls(Composite parent, MPart part, Messages messages) {
        conversation = part.getPersistedState().get(UiIds.CHAT_CONVERSATION);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 6).applyTo(parent);

        header = new Label(parent, SWT.NONE);
        String title = (String) part.getTransientData().getOrDefault(UiIds.CHAT_TITLE, part.getLabel());
        header.setText(messages.get("chat.with", title));
        header.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(header);

        transcript = new Transcript(parent);
        if (files != null && conversation != null) {
            attachments = new ChatFiles(parent, transcript, conversation, false, files, messages,
                    chooser != null ? chooser : FileChooser.dialogs(messages));
        }

        input = new MessageInput(parent, messages,
                presenter == null ? null : typed -> presenter.send(conversation, typed));

        if (presenter != null && conversation != null) {
            render();
            if (history != null) {
                history.chatOpened(conversation, session(), this);
                transcript.whenScrolledToTop(this::olderAtTop);
            }
        }
    }

    /** The session's messages of this chat, oldest first. */
    private List<ChatMessage> session() {
        return presenter.conversations().messages(conversation);
    }

    /** Everything from the start: the history loaded so far, then this session's messages. */
    private void render() {
        transcript.refill(this::appendAll);
    }

    private void appendAll() {
        if (history != null) {
            history.chatHistory(conversation).forEach(this::append);
        }
        session().forEach(this::append);
    }

    /** Scrolled to the top: the page before, if there is one. */
    private void olderAtTop() {
        if (history != null && transcript.atTop() && history.hasOlderChat(conversation)) {
            history.olderChat(conversation, session(), this);
        }
    }

    @Override
    public void prepend(List<ChatMessage> older, boolean hasOlder) {
        if (transcript == null || transcript.isDisposed() || older.isEmpty()) {
            return;
        }
        boolean first = !historyShown;
        historyShown = true;
        if (first) {
            render();
            transcript.scrollToEnd(); // the tab just opened: the newest at the bottom
        } else {
            transcript.refillKeepingPlace(this::appendAll);
        }
        if (hasOlder && transcript.atTop()) {
            olderAtTop(); // not enough to scroll yet: the page before too
        }
    }

    @Override
    public void historyFailed(String text) {
        notice(text);
    }

    /** Adds a message at the end of the transcript and scrolls to it. */
    public void append(ChatMessage message) {
        if (transcript != null) {
            ChatFiles.show(attachments, transcript, message.senderNickname(), message.time(), message.text(), message.own());
        }
    }

    /** A message of any private chat (posted by the messenger add-on): shown when it is this chat's. */
    @Inject
    @Optional
    void messagePosted(@EventTopic(UiTopics.CHAT_MESSAGE) ChatMessage message) {
        if (message.conversation().equals(conversation)) {
            append(message);
        }
    }

    /** A client's line for any private chat: shown when it is this chat's. */
    @Inject
    @Optional
    void noticePosted(@EventTopic(UiTopics.CHAT_NOTICE) UiTopics.Notice notice) {
        if (notice.conversation().equals(conversation)) {
            notice(notice.text());
        }
    }

    /** A line from the client itself, e.g. that a message could not be delivered. */
    public void notice(String text) {
        if (transcript != null) {
            transcript.failure(text);
        }
    }

    /** The transcript's text, for tests and accessibility. */
    public List<String> lines() {
        return transcript.lines();
    }

    @PreDestroy
    void dispose() {
        if (presenter != null && conversation != null) {
            presenter.chatClosed(conversation);
        }
        if (inbox != null && conversation != null) {
            inbox.deactivated(conversation);
        }
    }

    /** The other party's bare address. */
    public String conversation() {
        return conversation;
    }

    public Label header() {
        return header;
    }

    public StyledText transcript() {
        return transcript == null ? null : transcript.widget();
    }

    /** The images' and files' buttons, cards and transfers, or null without a file service. */
    public ChatFiles attachments() {
        return attachments;
    }

    /** Sends files as if the user had dropped them onto the chat (tests, and the drop itself). */
    public void sendFiles(java.util.List<java.nio.file.Path> chosen) {
        if (attachments != null) {
            attachments.send(chosen);
        }
    }

    public Text input() {
        return input.text();
    }

    public Button send() {
        return input.send();
    }

    @Focus
    public void setFocus() {
        input.text().setFocus();
    }
}
