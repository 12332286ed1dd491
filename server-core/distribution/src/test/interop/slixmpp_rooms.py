"""Interop check of groups with a standard client that is not Smack: slixmpp logs in, finds the
groups service by disco, enters a Magpie group by number (XEP-0045), sees the join notice, gets a
message from the owner (a Smack client driven by the Java test) and answers in the group.

Usage: python3 slixmpp_rooms.py PORT CA_PEM USER PASSWORD ROOM    (prints INTEROP OK and exits 0)
"""
import asyncio
import ssl
import sys

import slixmpp

PORT = int(sys.argv[1])
CA = sys.argv[2]
USER, PASSWORD, ROOM = sys.argv[3], sys.argv[4], sys.argv[5]
NICK = 'Slix 斯利'


class Client(slixmpp.ClientXMPP):
    def __init__(self):
        super().__init__(USER + '@localhost', PASSWORD)
        self.ready = asyncio.Event()
        self.groupchat = asyncio.Queue()
        self.ssl_context = ssl.create_default_context(cafile=CA)
        for plugin in ('xep_0030', 'xep_0045', 'xep_0199'):
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('groupchat_message', lambda m: self.groupchat.put_nowait(m))

    async def on_start(self, event):
        self.send_presence()
        await self['xep_0199'].ping(jid='localhost')
        self.ready.set()


def check(condition, what):
    if not condition:
        print('FAILED:', what, flush=True)
        sys.exit(1)


async def next_message(client, match, what):
    while True:
        try:
            m = await asyncio.wait_for(client.groupchat.get(), 15)
        except asyncio.TimeoutError:
            check(False, what)
        if match(m):
            return m


async def main():
    client = Client()
    client.connect(('127.0.0.1', PORT))
    await asyncio.wait_for(client.ready.wait(), 30)

    items = await client['xep_0030'].get_items(jid='localhost')
    services = [i[0] for i in items['disco_items']['items']]
    check('rooms.localhost' in services, 'the server lists rooms.localhost: %s' % services)
    info = await client['xep_0030'].get_info(jid='rooms.localhost')
    check('http://jabber.org/protocol/muc' in info['disco_info']['features'], 'rooms.localhost is a MUC service')
    room_info = await client['xep_0030'].get_info(jid=ROOM)
    check('muc_persistent' in room_info['disco_info']['features'], 'the group is persistent')

    await asyncio.wait_for(client['xep_0045'].join_muc_wait(ROOM, NICK, maxstanzas=0), 20)
    await next_message(client, lambda m: m['from'].bare == ROOM and m['body'] == NICK + ' joined the group',
                       'the join notice from the group')
    m = await next_message(client, lambda m: m['body'] == 'hello slixmpp', 'the owner\'s message')
    check(m['from'] == ROOM + '/Owner', 'the message comes from the owner\'s occupant JID: %s' % m['from'])
    client.send_message(mto=ROOM, mbody='hi from slixmpp 你好', mtype='groupchat')
    await next_message(client, lambda m: m['body'] == 'hi from slixmpp 你好' and m['from'] == ROOM + '/' + NICK,
                       'our own message reflected by the group')
    client.disconnect()
    await asyncio.sleep(0.3)
    print('INTEROP OK', flush=True)


asyncio.run(main())
