package org.magpie.client.service.smack.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;

/**
 * Files in messages: the ones heard (their details beat a HEAD request), and a file sent or
 * forwarded to a chat or a group (the link as the body, the details as XEP-0066/0446 elements).
 */
public final class FileMessages {

    private final FilesSession session;
    /** Details of files heard in messages, by URL. */
    private final Map<String, FileMessage> heard = new ConcurrentHashMap<>();
    private final Map<XMPPTCPConnection, Boolean> listening = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public FileMessages(FilesSession session) {
        this.session = session;
    }

    /** Hears the files in the messages of the session's connection, once per connection. */
    public void listen() {
        XMPPTCPConnection c;
        try {
            c = session.connection();
        } catch (ServiceException offline) {
            return;
        }
        if (listening.putIfAbsent(c, Boolean.TRUE) != null) {
            return;
        }
        c.addSyncStanzaListener(s -> {
            FileMessage f = FileElements.parse((Message) s);
            if (f != null) {
                heard.merge(f.url(), f, FileMessage::completedBy);
            }
        }, s -> s instanceof Message);
    }

    /** What a message told about the file at {@code url}, or null. */
    public FileMessage heard(String url) {
        return heard.get(url);
    }

    /** Remembers what the server told about a file. */
    public void learned(FileMessage file) {
        heard.put(file.url(), file);
    }

    /** Sends the file's message to a friend or a group. */
    public void send(FileMessage file, String to, boolean group) throws Exception {
        XMPPTCPConnection c = session.connection();
        MessageBuilder m = c.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to))
                .ofType(group ? Message.Type.groupchat : Message.Type.chat)
                .setBody(file.url());
        String nickname = session.nickname();
        if (!group && nickname != null) {
            m.addExtension(new Nick(nickname));
        }
        m.addExtensions(FileElements.elementsOf(file));
        heard.put(file.url(), file);
        c.sendStanza(m.build());
    }
}
