package org.magpie.client.ui;

/** Element ids of the application model (Application.e4xmi and the fragments) that code refers to. */
public final class UiIds {

    public static final String WINDOW_MAIN = "org.magpie.client.ui.window.main";
    public static final String PART_CONTACTS = "org.magpie.client.ui.part.contacts";
    public static final String PARTSTACK_CONTACTS = "org.magpie.client.ui.partstack.contacts";
    public static final String PARTSTACK_CHATS = "org.magpie.client.ui.partstack.chats";
    public static final String PARTDESCRIPTOR_CHAT = "org.magpie.client.ui.partdescriptor.chat";
    public static final String TOOLCONTROL_STATUS = "org.magpie.client.ui.toolcontrol.status";
    public static final String TOOLCONTROL_WEATHER = "org.magpie.client.ui.toolcontrol.weather";
    public static final String MENUITEM_ADMINISTRATION = "org.magpie.client.ui.menuitem.administration";

    /** Persisted-state key of a chat part: the bare address of the conversation it shows. */
    public static final String CHAT_CONVERSATION = "org.magpie.client.conversation";

    /** Transient data of a chat part: its title without the unread count. */
    public static final String CHAT_TITLE = "org.magpie.client.chat.title";

    private UiIds() {
    }
}
