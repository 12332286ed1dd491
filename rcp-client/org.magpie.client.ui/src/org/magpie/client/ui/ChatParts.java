package org.magpie.client.ui;

import java.util.Objects;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

/**
 * Opens chat tabs: one part per conversation, made from the part descriptor
 * {@value UiIds#PARTDESCRIPTOR_CHAT} and placed in the stack {@value UiIds#PARTSTACK_CHATS}.
 * Call it on the UI thread.
 */
public final class ChatParts {

    private ChatParts() {
    }

    /**
     * Shows (and activates) the chat part of {@code conversation}, creating it when there is none.
     *
     * @param conversation the other party's bare address, e.g. {@code bob@example}
     * @param title        the tab text (a nickname, a group name)
     */
    public static MPart open(EPartService partService, EModelService modelService, MApplication application,
            String conversation, String title) {
        return show(partService, modelService, application, conversation, title, true);
    }

    /**
     * Makes sure the chat part of {@code conversation} exists and is created; brings it to front
     * only when {@code activate} (a message that arrives must not take the focus from the chat being read).
     */
    public static MPart show(EPartService partService, EModelService modelService, MApplication application,
            String conversation, String title, boolean activate) {
        Objects.requireNonNull(conversation, "conversation");
        MPart part = find(modelService, application, conversation);
        if (part == null) {
            String label = title == null || title.isBlank() ? conversation : title;
            part = partService.createPart(UiIds.PARTDESCRIPTOR_CHAT);
            part.setLabel(label);
            part.setTooltip(conversation);
            part.getPersistedState().put(UiIds.CHAT_CONVERSATION, conversation);
            part.getTransientData().put(UiIds.CHAT_TITLE, label);
            MPartStack stack = (MPartStack) modelService.find(UiIds.PARTSTACK_CHATS, application);
            stack.getChildren().add(part);
        }
        partService.showPart(part, activate ? PartState.ACTIVATE : PartState.CREATE);
        return part;
    }

    /** The chat part of {@code conversation}, or null. */
    public static MPart find(EModelService modelService, MApplication application, String conversation) {
        for (MPart part : modelService.findElements(application, UiIds.PARTDESCRIPTOR_CHAT, MPart.class)) {
            if (conversation.equals(part.getPersistedState().get(UiIds.CHAT_CONVERSATION))) {
                return part;
            }
        }
        return null;
    }

    /** Closes every chat part (after logging out). */
    public static void closeAll(EPartService partService, EModelService modelService, MApplication application) {
        for (MPart part : modelService.findElements(application, UiIds.PARTDESCRIPTOR_CHAT, MPart.class)) {
            partService.hidePart(part, true);
        }
    }
}
