package org.magpie.plugin.rooms.internal;

import java.util.List;

import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;

/** The rules a session passes to enter a room, each a small {@link JoinRule}. */
final class JoinRules {

    private JoinRules() {
    }

    /** Every rule, in the order they are asked: the first that refuses gives the answer. */
    static List<JoinRule> standard(Texts texts, TextChecks checks) {
        return List.of(new AllowedNickname(checks), new Locked(texts), new Banned(texts), new MembersOnly(texts),
                new NicknameTaken(texts), new OneNicknamePerUser(texts));
    }

    /** Others read the nickname: no word of the sensitive-word list. */
    record AllowedNickname(TextChecks checks) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            checks.refuseListedWords(join.nick(), TextChecks.Field.NICKNAME);
        }
    }

    /** XEP-0045 §10.1: a room created by entering it is its owner's alone until configured. */
    record Locked(Texts texts) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            if (join.room().info.locked() && join.affiliation() != Affiliation.OWNER) {
                throw texts.text("join.locked", number(join)).exception(Condition.ITEM_NOT_FOUND);
            }
        }
    }

    /** §7.2.7: outcasts stay out. */
    record Banned(Texts texts) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            if (join.affiliation() == Affiliation.OUTCAST) {
                throw texts.text("join.banned", number(join)).exception(Condition.FORBIDDEN);
            }
        }
    }

    /** §7.2.6: a members-only room lets in its members and those invited. */
    record MembersOnly(Texts texts) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            if (join.room().info.membersOnly() && !join.affiliation().isMember() && !join.invited()) {
                throw texts.text("join.members.only", number(join)).exception(Condition.REGISTRATION_REQUIRED);
            }
        }
    }

    /** §7.2.9: one occupant per nickname; another session of the same user may share it. */
    record NicknameTaken(Texts texts) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            Occupant holder = join.room().occupants.get(join.nick());
            if (holder != null && !holder.user.equals(join.session().asEntityBareJid())) {
                throw nicknameTaken(texts, join.nick());
            }
        }
    }

    /** A user is one occupant: a second session enters under the nickname the first one has. */
    record OneNicknamePerUser(Texts texts) implements JoinRule {
        @Override
        public void check(Join join) throws StanzaException {
            Occupant present = join.room().occupantOfUser(join.user());
            if (present != null && !present.nick.equals(join.nick())) {
                throw texts.text("join.other.nick", present.nick).exception(Condition.CONFLICT);
            }
        }
    }

    static StanzaException nicknameTaken(Texts texts, String nick) {
        return texts.text("nick.taken", nick).exception(Condition.CONFLICT);
    }

    private static String number(JoinRule.Join join) {
        return join.room().address;
    }
}
