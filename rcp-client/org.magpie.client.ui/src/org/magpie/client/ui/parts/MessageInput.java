package org.magpie.client.ui.parts;

import java.util.function.Consumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.ui.Messages;

/**
 * The box under a chat's transcript and its Send button, for a parent with a two-column grid:
 * Enter sends, Shift+Enter starts a new line, and the box is emptied once the text is handed on.
 */
final class MessageInput {

    private final Text text;
    private final Button send;

    /** @param sender takes the typed text; null when there is nobody to send to (the button is then disabled) */
    MessageInput(Composite parent, Messages messages, Consumer<String> sender) {
        text = new Text(parent, SWT.MULTI | SWT.BORDER | SWT.WRAP | SWT.V_SCROLL);
        text.setMessage(messages.get("chat.input"));
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 60).applyTo(text);
        Runnable submit = () -> {
            String typed = text.getText();
            if (sender != null && !typed.isBlank()) {
                sender.accept(typed);
                text.setText("");
            }
        };
        text.addListener(SWT.KeyDown, e -> {
            boolean enter = e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR;
            if (enter && (e.stateMask & SWT.SHIFT) == 0) {
                e.doit = false; // Enter sends; Shift+Enter keeps its new line
                submit.run();
            }
        });
        text.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_RETURN) {
                e.doit = false; // a multi-line text in a part: Enter belongs to the text, never to a default button
            }
        });

        send = new Button(parent, SWT.PUSH);
        send.setText(messages.get("chat.send"));
        send.setEnabled(sender != null);
        send.addListener(SWT.Selection, e -> submit.run());
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(send);
    }

    Text text() {
        return text;
    }

    Button send() {
        return send;
    }
}
