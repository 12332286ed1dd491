package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MBasicFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.parts.StatusLine;

/**
 * The UI bundle's parts in a real SWT shell (under Xvfb in the build): contacts, one chat and the
 * status line, created by e4 dependency injection as the workbench would, in English and Chinese.
 */
class PartsSmokeTest {

    private Display display;
    private Shell shell;

    @BeforeEach
    void openDisplay() {
        display = Display.getDefault();
    }

    @AfterEach
    void close() {
        if (shell != null && !shell.isDisposed()) {
            shell.dispose();
        }
        display.dispose();
    }

    @Test
    void partsShowInAShellInEnglish() throws Exception {
        Parts parts = openParts(Locale.ENGLISH, "Magpie parts (en)");
        assertTrue(shell.isVisible());
        assertEquals("No friends yet. Add one with \u201cAdd Friend\u2026\u201d.", parts.contacts.placeholder().getText());
        assertEquals("Chat with Bob", parts.chat.header().getText());
        assertEquals("bob@localhost", parts.chat.conversation());
        assertEquals("Send", parts.chat.send().getText());
        assertEquals("Offline", parts.status.text());

        parts.status.show(ConnectionState.ONLINE, "alice@localhost");
        assertEquals("Online \u2013 alice@localhost", parts.status.text());
        parts.status.show(ConnectionState.RECONNECTING, null);
        assertEquals("Connection lost, reconnecting\u2026", parts.status.text());

        Screenshots.settle(display, 300);
        Path png = Screenshots.of(shell, "parts-en");
        assertScreenshot(png, shell);
    }

    @Test
    void partsShowInAShellInChinese() throws Exception {
        Parts parts = openParts(Locale.SIMPLIFIED_CHINESE, "Magpie parts (zh)");
        assertEquals("还没有好友。点击“添加好友…”添加。", parts.contacts.placeholder().getText());
        assertEquals("与 Bob 聊天", parts.chat.header().getText());
        assertEquals("发送", parts.chat.send().getText());
        assertEquals("离线", parts.status.text());
        Screenshots.settle(display, 300);
        assertScreenshot(Screenshots.of(shell, "parts-zh"), shell);
    }

    private record Parts(ContactsPart contacts, ChatPart chat, StatusLine status) {
    }

    private Parts openParts(Locale locale, String title) {
        IEclipseContext context = TestContexts.create(display, locale);
        shell = new Shell(display);
        shell.setText(title);
        shell.setLayout(new GridLayout(2, false));

        Composite left = new Composite(shell, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(false, true).hint(220, SWT.DEFAULT).applyTo(left);
        Composite right = new Composite(shell, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(right);
        Composite bottom = new Composite(shell, SWT.NONE);
        bottom.setLayout(new GridLayout());
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(bottom);

        IEclipseContext contactsContext = context.createChild("contacts");
        contactsContext.set(Composite.class, left);
        ContactsPart contacts = ContextInjectionFactory.make(ContactsPart.class, contactsContext);

        MPart chatModel = MBasicFactory.INSTANCE.createPart();
        chatModel.setLabel("Bob");
        chatModel.getPersistedState().put(UiIds.CHAT_CONVERSATION, "bob@localhost");
        IEclipseContext chatContext = context.createChild("chat");
        chatContext.set(Composite.class, right);
        chatContext.set(MPart.class, chatModel);
        ChatPart chat = ContextInjectionFactory.make(ChatPart.class, chatContext);

        IEclipseContext statusContext = context.createChild("status");
        statusContext.set(Composite.class, bottom);
        StatusLine status = ContextInjectionFactory.make(StatusLine.class, statusContext);

        shell.setSize(760, 480);
        shell.setLocation(10, 10);
        shell.open();
        Screenshots.settle(display, 200);
        return new Parts(contacts, chat, status);
    }

    static void assertScreenshot(Path png, Shell shell) throws Exception {
        assertTrue(Files.size(png) > 1000, png + " is too small to hold a picture");
        ImageData data = new ImageLoader().load(png.toString())[0];
        assertEquals(shell.getBounds().width, data.width, "screenshot width");
        // not one flat colour: widgets were drawn
        int first = data.getPixel(0, 0);
        boolean varied = false;
        for (int y = 0; y < data.height && !varied; y += 7) {
            for (int x = 0; x < data.width && !varied; x += 7) {
                varied = data.getPixel(x, y) != first;
            }
        }
        assertFalse(!varied, "the screenshot is a single colour");
        System.out.println("screenshot: " + png);
    }
}
