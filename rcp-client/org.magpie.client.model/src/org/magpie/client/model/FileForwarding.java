package org.magpie.client.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.magpie.client.model.FilesPresenter.Target;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;

/**
 * Forwarding a file to a friend or a group: the same link and details, nothing uploaded again.
 * Lists the targets the forward dialog offers and says how it went.
 */
final class FileForwarding {

    private final FileTransfers files;
    private final MessagingService messaging;
    private final GroupService groups;
    private final Texts texts;
    private final Ui ui;
    private final BiConsumer<String, FileMessage> ownMessage;

    /**
     * @param groups     the groups, or null
     * @param ownMessage shows a file forwarded to a friend as the user's own message in that chat
     */
    FileForwarding(FileTransfers files, MessagingService messaging, GroupService groups, Texts texts, Ui ui,
            BiConsumer<String, FileMessage> ownMessage) {
        this.files = Objects.requireNonNull(files, "files");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.groups = groups;
        this.texts = Objects.requireNonNull(texts, "texts");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.ownMessage = Objects.requireNonNull(ownMessage, "ownMessage");
    }

    /** See {@link FilesPresenter#targets}. */
    List<Target> targets(String except) {
        List<Target> list = new ArrayList<>();
        for (Contact c : messaging.contacts()) {
            if (c.isFriend() && !c.account().equals(except)) {
                list.add(new Target(c.account(), c.nickname() == null || c.nickname().isBlank()
                        ? Accounts.localpart(c.account()) : c.nickname(), false));
            }
        }
        list.sort(Comparator.comparing(Target::name, String.CASE_INSENSITIVE_ORDER));
        if (groups != null) {
            List<Target> rooms = new ArrayList<>();
            for (Group g : groups.groups()) {
                if (!g.address().equals(except)) {
                    rooms.add(new Target(g.address(), g.name(), true));
                }
            }
            rooms.sort(Comparator.comparing(Target::name, String.CASE_INSENSITIVE_ORDER));
            list.addAll(rooms);
        }
        return list;
    }

    /** See {@link FilesPresenter#targetLabel}. */
    String targetLabel(Target t) {
        if (t.group()) {
            Group g = groups == null ? null : groups.groups().stream().filter(x -> x.address().equals(t.address()))
                    .findFirst().orElse(null);
            return texts.get("files.forward.group", t.name(), g == null ? t.address() : g.number());
        }
        return texts.get("files.forward.friend", t.name(), t.address());
    }

    /** See {@link FilesPresenter#forward}. */
    void forward(FileMessage file, Target to, BiConsumer<Boolean, String> done) {
        files.forward(file, to.address(), to.group()).whenComplete((v, failure) -> ui.execute(() -> {
            if (failure != null) {
                done.accept(false, texts.get("files.forward.failed", to.name(), new FailureTexts(texts).describe(failure, null)));
                return;
            }
            if (!to.group()) {
                ownMessage.accept(to.address(), file);
            }
            done.accept(true, texts.get("files.forwarded", to.name()));
        }));
    }
}
