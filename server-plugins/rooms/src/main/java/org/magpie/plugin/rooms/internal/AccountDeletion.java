package org.magpie.plugin.rooms.internal;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.api.AccountDeletions;

/**
 * A removed account leaves every group it belonged to, announced as leaving, and nothing of its
 * membership stays for a later account of the same name. A group whose only owner it was keeps
 * running with its admins and members (an administrator can make one of them owner).
 */
final class AccountDeletion {

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomOutbox out;
    private final DomainBareJid domain;
    /** The core's record of deletions; null in unit tests, which construct the service without the core. */
    private final AccountDeletions deletions;

    AccountDeletion(RoomRegistry rooms, RoomStore store, RoomOutbox out, DomainBareJid domain, AccountDeletions deletions) {
        this.rooms = rooms;
        this.store = store;
        this.out = out;
        this.domain = domain;
        this.deletions = deletions;
    }

    /**
     * Accounts deleted while this plugin was switched off leave their groups before it serves anyone
     * (no group is loaded and nobody is in one yet, so the stored memberships are all there is).
     */
    void catchUpAtStart() {
        if (deletions != null) {
            deletions.catchUp(RoomStore.MODULE, username -> store.forgetUser(bare(username)));
        }
    }

    /** An account was deleted: it, and any deletion not yet handled here, leave their groups. */
    void accountDeleted(String username) {
        if (deletions == null) {
            leaveAll(bare(username));
        } else {
            deletions.catchUp(RoomStore.MODULE, u -> leaveAll(bare(u)));
        }
    }

    private void leaveAll(String user) {
        for (RoomStore.Membership m : store.membershipsOf(user)) {
            Room room = rooms.room(m.room().address());
            if (room == null) {
                continue;
            }
            synchronized (room) {
                out.memberLeft(room, user, room.members.remove(user));
            }
        }
        store.forgetUser(user);
    }

    private String bare(String username) {
        return username + "@" + domain;
    }
}
