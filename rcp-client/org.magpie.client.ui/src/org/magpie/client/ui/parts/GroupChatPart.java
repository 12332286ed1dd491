package org.magpie.client.ui.parts;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.ui.GroupChatParts;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.files.FileChooser;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.UiTopics;

/**
 * A group's chat (made at run time from the part descriptor {@value GroupChatParts#DESCRIPTOR}):
 * on the left the transcript, where each message shows its sender's nickname and time above the
 * text (the user's own on the right) and notices such as "Bob joined the group" stand centred in
 * grey, and the input (Enter sends, Shift+Enter a new line); on the right the group's members
 * ({@link GroupMembersPart}).
 */
public class GroupChatPart {

    @Inject
    @Optional
    GroupsPresenter presenter;

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

    private String group;
    private Label header;
    private Transcript transcript;
    private MessageInput input;
    private ChatFiles attachments;
    private GroupMembersPart members;

    @PostConstruct
    public void createControls(Composite parent, MPart part, Messages messages, IEclipseContext context) {
        group = part.getPersistedState().get(GroupChatParts.GROUP);
        parent.setLayout(new org.eclipse.swt.layout.FillLayout());
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);

        Composite chat = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 6).applyTo(chat);
        header = new Label(chat, SWT.NONE);
        header.setText(headerText(part, messages));
        header.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(header);

        transcript = new Transcript(chat);
        if (files != null && group != null) {
            attachments = new ChatFiles(chat, transcript, group, true, files, messages,
                    chooser != null ? chooser : FileChooser.dialogs(messages));
        }

        input = new MessageInput(chat, messages, presenter == null ? null : typed -> presenter.send(group, typed));

        Composite side = new Composite(sash, SWT.NONE);
        IEclipseContext membersContext = context.createChild("group-members");
        membersContext.set(Composite.class, side);
        membersContext.set(GroupChatParts.GROUP, group);
        members = ContextInjectionFactory.make(GroupMembersPart.class, membersContext);
        sash.setWeights(70, 30);

        if (presenter != null && group != null) {
            presenter.messages(group).forEach(this::append);
            if (history != null) {
                transcript.whenScrolledToTop(this::olderAtTop);
            }
        }
    }

    /** Scrolled to the top: the archive's page before the lines shown, if there is one. */
    private void olderAtTop() {
        if (history != null && transcript.atTop() && history.hasOlderGroup(group)) {
            history.olderGroup(group, presenter.messages(group), new HistoryPresenter.View<>() {
                @Override
                public void prepend(List<GroupMessage> older, boolean hasOlder) {
                    if (transcript.isDisposed() || older.isEmpty()) {
                        return;
                    }
                    transcript.refillKeepingPlace(() -> {
                        history.groupHistory(group).forEach(GroupChatPart.this::append);
                        presenter.messages(group).forEach(GroupChatPart.this::append);
                    });
                }

                @Override
                public void historyFailed(String text) {
                    failure(text);
                }
            });
        }
    }

    private String headerText(MPart part, Messages messages) {
        Group g = presenter == null || group == null ? null : presenter.group(group);
        if (g != null) {
            return messages.get("groupchat.header", g.name(), g.number());
        }
        return (String) part.getTransientData().getOrDefault(UiIds.CHAT_TITLE, part.getLabel());
    }

    /** Adds a message or a notice at the end of the transcript and scrolls to it. */
    public void append(GroupMessage message) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        if (message.isNotice()) {
            transcript.notice(presenter == null ? message.text() : presenter.noticeText(message));
        } else {
            ChatFiles.show(attachments, transcript, message.senderNickname(), message.time(), message.text(), message.own());
        }
    }

    /** A message of any group (posted by the groups add-on): shown when it is this group's. */
    @Inject
    @Optional
    void messagePosted(@EventTopic(UiTopics.GROUP_MESSAGE) GroupMessage message) {
        if (message.group().equals(group)) {
            append(message);
        }
    }

    /** A client's line for any group chat: shown when it is this group's. */
    @Inject
    @Optional
    void noticePosted(@EventTopic(UiTopics.GROUP_NOTICE) UiTopics.Notice notice) {
        if (notice.conversation().equals(group)) {
            failure(notice.text());
        }
    }

    /** A line from the client itself, e.g. that a message could not be sent. */
    public void failure(String text) {
        if (transcript != null) {
            transcript.failure(text);
        }
    }

    /** The transcript's lines, for tests and accessibility. */
    public List<String> lines() {
        return transcript.lines();
    }

    @PreDestroy
    void dispose() {
        if (presenter != null && group != null) {
            presenter.closed(group);
        }
        if (inbox != null && group != null) {
            inbox.deactivated(group);
        }
    }

    public String group() {
        return group;
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

    public GroupMembersPart members() {
        return members;
    }

    @Focus
    public void setFocus() {
        input.text().setFocus();
    }
}
