package org.magpie.plugin.rooms.internal;

import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * {@code muc#owner} (XEP-0045 §10): the configuration form of a group (name, description,
 * members-only; the rest is fixed) or of a named room (also persistent, public, moderated, whois),
 * which also unlocks a room created by entering it, and the
 * owner's request to destroy the group. Called under the room's monitor.
 */
final class OwnerConfiguration {

    static final String ROOM_CONFIG = Namespaces.MUC + "#roomconfig";
    static final String NAME = "muc#roomconfig_roomname";
    static final String DESCRIPTION = "muc#roomconfig_roomdesc";
    static final String PERSISTENT = "muc#roomconfig_persistentroom";
    static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
    static final String PUBLIC = "muc#roomconfig_publicroom";
    static final String MODERATED = "muc#roomconfig_moderatedroom";
    static final String CHANGE_SUBJECT = "muc#roomconfig_changesubject";
    /** Who may see occupants' real JIDs: {@value #WHOIS_ANYONE} or {@value #WHOIS_MODERATORS} (semi-anonymous). */
    static final String WHOIS = "muc#roomconfig_whois";
    static final String WHOIS_ANYONE = "anyone";
    static final String WHOIS_MODERATORS = "moderators";

    private final RoomStore store;
    private final RoomOutbox out;
    private final Destruction destruction;
    private final TextChecks checks;
    private final Texts texts;

    OwnerConfiguration(RoomStore store, RoomOutbox out, Destruction destruction, TextChecks checks, Texts texts) {
        this.store = store;
        this.out = out;
        this.destruction = destruction;
        this.checks = checks;
        this.texts = texts;
    }

    /** The form to fill in, labelled in the language of the request ({@code xml:lang}). */
    Element get(Room room, EntityFullJid sender, String language) throws StanzaException {
        requireOwner(room, sender);
        RoomInfo info = room.info;
        if (!room.named()) { // the groups' form, as the Magpie client knows it
            DataForm form = DataForm.of("form", texts.text("config.title", room.address).in(language), null)
                    .with(DataForm.Field.of("FORM_TYPE", "hidden", null, ROOM_CONFIG))
                    .with(DataForm.Field.of(NAME, "text-single", label("config.name", language), info.name()))
                    .with(DataForm.Field.of(DESCRIPTION, "text-single", label("config.description", language), info.description()))
                    .with(DataForm.Field.of(PERSISTENT, "boolean", label("config.persistent", language), "1"))
                    .with(DataForm.Field.of(MEMBERS_ONLY, "boolean", label("config.members.only", language),
                            bit(info.membersOnly())));
            return Element.builder("query", Namespaces.MUC_OWNER).child(form.toElement()).build();
        }
        DataForm form = DataForm.of("form", texts.text("config.title.named", room.address).in(language), null)
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, ROOM_CONFIG))
                .with(DataForm.Field.of(NAME, "text-single", label("config.name", language), info.name()))
                .with(DataForm.Field.of(DESCRIPTION, "text-single", label("config.description", language), info.description()))
                .with(DataForm.Field.of(PERSISTENT, "boolean", label("config.persistent.named", language), bit(info.persistent())))
                .with(DataForm.Field.of(PUBLIC, "boolean", label("config.public", language), bit(!info.hidden())))
                .with(DataForm.Field.of(MEMBERS_ONLY, "boolean", label("config.members.only", language), bit(info.membersOnly())))
                .with(DataForm.Field.of(MODERATED, "boolean", label("config.moderated", language), bit(info.moderated())))
                .with(DataForm.Field.of(CHANGE_SUBJECT, "boolean", label("config.change.subject", language),
                        bit(info.subjectByOccupants())))
                .with(DataForm.Field.of(WHOIS, "list-single", label("config.whois", language),
                        info.semiAnonymous() ? WHOIS_MODERATORS : WHOIS_ANYONE).withOptions(List.of(
                                new DataForm.Option(label("config.whois.anyone", language), WHOIS_ANYONE),
                                new DataForm.Option(label("config.whois.moderators", language), WHOIS_MODERATORS))));
        return Element.builder("query", Namespaces.MUC_OWNER).child(form.toElement()).build();
    }

    private static String bit(boolean value) {
        return value ? "1" : "0";
    }

    private String label(String key, String language) {
        return texts.text(key).in(language);
    }

    void set(Room room, Element q, EntityFullJid sender) throws StanzaException {
        requireOwner(room, sender);
        Optional<Element> destroy = q.child("destroy", Namespaces.MUC_OWNER);
        if (destroy.isPresent()) {
            String reason = destroy.get().child("reason", Namespaces.MUC_OWNER).map(Element::text).orElse(null);
            checks.refuseListedWords(reason, TextChecks.Field.REASON);
            destruction.destroy(room, reason);
            return;
        }
        DataForm form = DataForm.parse(q.child("x", DataForm.NS).orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST)));
        if ("cancel".equals(form.type())) {
            if (room.info.locked()) {
                destruction.destroy(room, null); // XEP-0045 §10.1.3: a new room whose configuration was cancelled goes away
            }
            return;
        }
        if (!"submit".equals(form.type())) {
            throw new StanzaException(Condition.BAD_REQUEST, "submit or cancel the form");
        }
        RoomInfo info = room.info;
        boolean wasMembersOnly = info.membersOnly();
        if (form.field(NAME).isPresent()) {
            String name = form.value(NAME).orElse("");
            checks.groupName(name);
            info = info.withName(name.isEmpty() ? room.address : name);
        }
        if (form.field(DESCRIPTION).isPresent()) {
            String description = form.value(DESCRIPTION).orElse("");
            checks.description(description);
            info = info.withDescription(description);
        }
        if (form.field(MEMBERS_ONLY).isPresent()) {
            info = info.withMembersOnly(GroupsProtocol.bool(form.value(MEMBERS_ONLY).orElse(null)));
        }
        boolean wasSemiAnonymous = info.semiAnonymous();
        if (room.named()) {
            info = info.withNamedOptions(flag(form, PERSISTENT, info.persistent()), flag(form, MODERATED, info.moderated()),
                    !flag(form, PUBLIC, !info.hidden()), semiAnonymous(form, info.semiAnonymous()),
                    flag(form, CHANGE_SUBJECT, info.subjectByOccupants()));
        }
        // other settings are fixed: non-anonymous, no password; groups are persistent, open to speak and listed
        info = info.withLocked(false);
        store.update(info);
        room.info = info;
        // §10.2.1: 104, and 172 or 173 when occupants' real JIDs became visible to all or to moderators only
        Element.Builder x = Element.builder("x", Namespaces.MUC_USER).child(MucStatus.CONFIGURATION_CHANGED.element());
        if (info.semiAnonymous() != wasSemiAnonymous) {
            x.child((info.semiAnonymous() ? MucStatus.NOW_SEMI_ANONYMOUS : MucStatus.NOW_NON_ANONYMOUS).element());
        }
        out.broadcast(room, Stanza.create(Stanza.Kind.MESSAGE, room.jid, null, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(x.build())));
        if (info.membersOnly() && !wasMembersOnly) {
            for (Occupant o : room.occupantList()) {
                if (!room.affiliation(o.user.toString()).isMember()) {
                    out.remove(room, o, Affiliation.NONE, MucStatus.of(MucStatus.REMOVED_MEMBERS_ONLY), null, null);
                }
            }
        }
    }

    /** The whois field as submitted, or the room's setting so far; anything but the two options is refused. */
    private boolean semiAnonymous(DataForm form, boolean current) throws StanzaException {
        if (form.field(WHOIS).isEmpty()) {
            return current;
        }
        String whois = form.value(WHOIS).orElse("");
        if (!whois.equals(WHOIS_ANYONE) && !whois.equals(WHOIS_MODERATORS)) {
            throw texts.text("config.whois.invalid", whois).exception(Condition.NOT_ACCEPTABLE);
        }
        return whois.equals(WHOIS_MODERATORS);
    }

    /** A boolean field as submitted, or its value so far when the form leaves it out. */
    private static boolean flag(DataForm form, String field, boolean current) {
        return form.field(field).isPresent() ? GroupsProtocol.bool(form.value(field).orElse(null)) : current;
    }

    private void requireOwner(Room room, EntityFullJid sender) throws StanzaException {
        if (room.affiliation(sender.asEntityBareJid().toString()) != Affiliation.OWNER) {
            throw texts.text("config.owners.only").exception(Condition.FORBIDDEN);
        }
    }
}
