package org.magpie.client.ui.parts;

import jakarta.annotation.PostConstruct;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.UiIds;

/**
 * One conversation (made at run time from the part descriptor
 * {@code org.magpie.client.ui.partdescriptor.chat}, see {@link org.magpie.client.ui.ChatParts}).
 * A placeholder for now: transcript, input and a Send button that the chat presenter of
 * org.magpie.client.model will drive (it stays disabled until then).
 */
public class ChatPart {

    private String conversation;
    private Label header;
    private Text transcript;
    private Text input;
    private Button send;

    @PostConstruct
    public void createControls(Composite parent, MPart part, Messages messages) {
        conversation = part.getPersistedState().get(UiIds.CHAT_CONVERSATION);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 6).applyTo(parent);

        header = new Label(parent, SWT.NONE);
        header.setText(messages.get("chat.with", part.getLabel()));
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(header);

        transcript = new Text(parent, SWT.MULTI | SWT.BORDER | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).applyTo(transcript);

        input = new Text(parent, SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        input.setMessage(messages.get("chat.input"));
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 60).applyTo(input);

        send = new Button(parent, SWT.PUSH);
        send.setText(messages.get("chat.send"));
        send.setEnabled(false);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(send);
    }

    /** The other party's bare address. */
    public String conversation() {
        return conversation;
    }

    public Label header() {
        return header;
    }

    public Text transcript() {
        return transcript;
    }

    public Text input() {
        return input;
    }

    public Button send() {
        return send;
    }

    @Focus
    public void setFocus() {
        input.setFocus();
    }
}
