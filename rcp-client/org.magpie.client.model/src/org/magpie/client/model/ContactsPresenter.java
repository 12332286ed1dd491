package org.magpie.client.model;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.magpie.client.service.Contact;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;

/**
 * The contacts list's logic: which contacts show (friends, and those this user asked), in which
 * order (online first, then by nickname as people read it, pinyin order for Chinese names), the
 * filter box, live presence, and removing a friend.
 */
public final class ContactsPresenter implements MessagingListener {

    /** What the contacts list does for the presenter; always called through {@link Ui}. */
    public interface View {
        /** Shows these contacts in this order (already filtered). */
        void show(List<Contact> contacts);

        void error(String text);
    }

    /**
     * Online first, then by nickname, then by account. The Chinese collator orders Han characters by
     * pinyin and Latin letters as usual, so one order serves a list that mixes both.
     */
    public static Comparator<Contact> order() {
        Collator collator = Collator.getInstance(Locale.SIMPLIFIED_CHINESE);
        collator.setStrength(Collator.SECONDARY); // case does not matter, accents do
        return Comparator.comparing((Contact c) -> !c.online())
                .thenComparing(Contact::nickname, collator)
                .thenComparing(Contact::account);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    private Comparator<Contact> order = order();
    // UI thread only
    private List<Contact> all = List.of();
    private String filter = "";
    private List<Contact> shown = List.of();

    public ContactsPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void start() {
        service.addListener(this);
        ui.execute(() -> update(service.contacts()));
    }

    public void stop() {
        service.removeListener(this);
    }

    /** Shows only contacts whose nickname or account contains the text (any case); blank shows all. */
    public void filter(String text) {
        filter = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        refresh();
    }

    /**
     * Orders the list by this from now on (e.g. latest activity first, then {@link #order()}), and
     * sorts it again now: call it again when what the order depends on changed.
     */
    public void order(Comparator<Contact> by) {
        order = by;
        refresh();
    }

    /** The contacts shown now, in order. */
    public List<Contact> shown() {
        return shown;
    }

    /** The line under a contact's nickname: the account, and whether a request waits or the status. */
    public String detail(Contact contact) {
        if (contact.requestPending() && !contact.isFriend()) {
            return texts.get("contacts.detail.pending", contact.account());
        }
        if (contact.online() && contact.status() != null) {
            return texts.get("contacts.detail.status", contact.account(), contact.status());
        }
        return contact.account();
    }

    /** The question before removing a friend. */
    public String removeQuestion(Contact contact) {
        return texts.get("contacts.remove.question", contact.nickname(), contact.account());
    }

    /** Removes a friend (after the user confirmed); failures are shown. */
    public void remove(Contact contact) {
        service.removeFriend(contact.account()).whenComplete((done, failure) -> {
            if (failure != null) {
                ui.execute(() -> view.error(texts.get("contacts.remove.failed", contact.nickname(),
                        new FailureTexts(texts).describe(failure, null))));
            }
        });
    }

    // ------------------------------------------------------------------ MessagingListener (background thread)

    @Override
    public void contactsChanged(List<Contact> contacts) {
        ui.execute(() -> update(contacts));
    }

    @Override
    public void contactChanged(Contact contact) {
        ui.execute(() -> {
            List<Contact> next = new ArrayList<>(all.size());
            boolean known = false;
            for (Contact c : all) {
                if (c.account().equals(contact.account())) {
                    next.add(contact);
                    known = true;
                } else {
                    next.add(c);
                }
            }
            if (known) {
                all = List.copyOf(next);
                refresh();
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private void update(List<Contact> contacts) {
        all = List.copyOf(contacts);
        refresh();
    }

    private void refresh() {
        List<Contact> list = new ArrayList<>();
        for (Contact c : all) {
            if (visible(c) && matches(c)) {
                list.add(c);
            }
        }
        list.sort(order);
        shown = List.copyOf(list);
        view.show(shown);
    }

    /** Friends either way, and those this user asked; a refused or removed contact does not show. */
    private static boolean visible(Contact c) {
        return c.subscription() != Contact.Subscription.NONE || c.requestPending();
    }

    private boolean matches(Contact c) {
        return filter.isEmpty() || c.nickname().toLowerCase(Locale.ROOT).contains(filter)
                || c.account().toLowerCase(Locale.ROOT).contains(filter);
    }
}
