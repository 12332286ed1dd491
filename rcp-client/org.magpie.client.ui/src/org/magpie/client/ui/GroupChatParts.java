package org.magpie.client.ui;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.magpie.client.service.Group;

/**
 * Opens group chat tabs: one part per group, made from the part descriptor
 * {@value #DESCRIPTOR} and placed with the chats ({@value UiIds#PARTSTACK_CHATS}). Call it on the UI thread.
 */
public final class GroupChatParts {

    public static final String DESCRIPTOR = "org.magpie.client.ui.partdescriptor.groupchat";
    /** Persisted-state key of a group chat part: the group's bare address. */
    public static final String GROUP = "org.magpie.client.group";

    private GroupChatParts() {
    }

    /** Makes sure the group's chat part exists and is created; brings it to front only when {@code activate}. */
    public static MPart show(EPartService partService, EModelService modelService, MApplication application, Group group,
            boolean activate) {
        MPart part = find(modelService, application, group.address());
        if (part == null) {
            part = partService.createPart(DESCRIPTOR);
            part.setLabel(group.name());
            part.setTooltip(group.name() + " \u00b7 " + group.number());
            part.getPersistedState().put(GROUP, group.address());
            part.getTransientData().put(UiIds.CHAT_TITLE, group.name());
            MPartStack stack = (MPartStack) modelService.find(UiIds.PARTSTACK_CHATS, application);
            stack.getChildren().add(part);
        }
        partService.showPart(part, activate ? PartState.ACTIVATE : PartState.CREATE);
        return part;
    }

    /** The chat part of a group, or null. */
    public static MPart find(EModelService modelService, MApplication application, String group) {
        for (MPart part : modelService.findElements(application, DESCRIPTOR, MPart.class)) {
            if (group.equals(part.getPersistedState().get(GROUP))) {
                return part;
            }
        }
        return null;
    }
}
