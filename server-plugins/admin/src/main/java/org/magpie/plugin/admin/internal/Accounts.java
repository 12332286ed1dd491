package org.magpie.plugin.admin.internal;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;

/** Turns what an administrator typed ({@code bob} or {@code bob@domain}) into an account name, with clear errors. */
final class Accounts {

    private Accounts() {
    }

    static String username(String typed, DomainBareJid domain) throws StanzaException {
        String s = typed.strip();
        int at = s.indexOf('@');
        if (at >= 0) {
            String host = s.substring(at + 1);
            if (!host.equalsIgnoreCase(domain.toString())) {
                throw new StanzaException(StanzaError.of(Condition.BAD_REQUEST, s + " is not an account of this server.",
                        s + " 不是本服务器的账号。"));
            }
            s = s.substring(0, at);
        }
        return s;
    }

    static final int MIN_PASSWORD = 8;

    /** The same rule as the default registration policy: administrators set no weaker passwords. */
    static void checkPassword(String password) throws StanzaException {
        if (password.length() < MIN_PASSWORD || password.chars().noneMatch(Character::isLetter)
                || password.chars().noneMatch(Character::isDigit)) {
            throw new StanzaException(StanzaError.of(Condition.NOT_ACCEPTABLE,
                    "The password needs at least " + MIN_PASSWORD + " characters with letters and digits.",
                    "密码至少需要 " + MIN_PASSWORD + " 个字符，且包含字母和数字。"));
        }
    }

    static StanzaException failure(AccountException e, String username) {
        return new StanzaException(switch (e.reason()) {
            case CONFLICT -> StanzaError.of(Condition.CONFLICT, "The account " + username + " exists already.",
                    "账号 " + username + " 已存在。");
            case NOT_FOUND -> StanzaError.of(Condition.ITEM_NOT_FOUND, "There is no account " + username + ".",
                    "账号 " + username + " 不存在。");
            case INVALID -> StanzaError.of(Condition.NOT_ACCEPTABLE, e.getMessage(), "输入不符合要求：" + e.getMessage());
            case STORAGE -> StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "The database failed; try again later.",
                    "数据库暂时出错，请稍后再试。");
        });
    }
}
