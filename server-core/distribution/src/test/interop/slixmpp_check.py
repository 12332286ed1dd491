"""Interop check with a standard client that is not Smack: slixmpp registers two accounts in-band
(XEP-0077, with nickname), logs in over STARTTLS with the server certificate as the only trusted CA,
chats both ways, and asks for disco#info and a ping.

Usage: python3 slixmpp_check.py PORT CA_PEM    (prints INTEROP OK and exits 0 on success)
"""
import asyncio
import os
import secrets
import ssl
import sys

import slixmpp

PORT = int(sys.argv[1])
CA = sys.argv[2]


class Client(slixmpp.ClientXMPP):
    def __init__(self, user, password, nick):
        super().__init__(user + '@localhost', password)
        self.nick = nick
        self.inbox = asyncio.Queue()
        self.ready = asyncio.Event()
        self.registered = asyncio.Event()
        # slixmpp 1.8 holds back every IQ until the session starts, in-band registration included
        self._always_send_everything = True
        self.ssl_context = ssl.create_default_context(cafile=CA)
        for plugin in ('xep_0030', 'xep_0199', 'xep_0077'):
            self.register_plugin(plugin)
        self['xep_0077'].force_registration = True
        self.add_event_handler('register', self.on_register)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('message', lambda m: self.inbox.put_nowait(m) if m['type'] == 'chat' else None)

    async def on_register(self, form):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['register']['username'] = self.boundjid.user
        iq['register']['password'] = self.password
        iq['register']['nick'] = self.nick
        await iq.send()
        self.registered.set()

    async def on_start(self, event):
        self.send_presence()
        await self['xep_0199'].ping(jid='localhost')  # the server has seen our presence once this returns
        self.ready.set()


def check(condition, what):
    if not condition:
        print('FAILED:', what)
        sys.exit(1)


async def main():
    suffix = secrets.token_hex(3)
    carol = Client('carol' + suffix, 'carolpass1', 'Carol 卡罗尔')
    dave = Client('dave' + suffix, 'davepass12', 'Dave')
    for c in (carol, dave):
        c.connect(('127.0.0.1', PORT))
    await asyncio.wait_for(asyncio.gather(carol.ready.wait(), dave.ready.wait()), 30)
    check(carol.registered.is_set() and dave.registered.is_set(), 'both registered in-band')
    check(isinstance(carol.socket, ssl.SSLSocket) or 'SSL' in type(carol.socket).__name__, 'TLS in use')

    carol.send_message(mto=dave.boundjid.bare, mbody='hello from slixmpp 你好', mtype='chat')
    m = await asyncio.wait_for(dave.inbox.get(), 10)
    check(m['body'] == 'hello from slixmpp 你好' and m['from'] == carol.boundjid, 'dave got carol\'s message')
    dave.send_message(mto=carol.boundjid.bare, mbody='hi carol', mtype='chat')
    m = await asyncio.wait_for(carol.inbox.get(), 10)
    check(m['body'] == 'hi carol' and m['from'] == dave.boundjid, 'carol got dave\'s reply')

    info = await carol['xep_0030'].get_info(jid='localhost')
    features = info['disco_info']['features']
    check('urn:xmpp:ping' in features and 'jabber:iq:register' in features, 'disco#info lists ping and register')
    for c in (carol, dave):
        c.disconnect()
    await asyncio.sleep(0.3)
    print("INTEROP OK", flush=True)
    os._exit(0)  # skip slixmpp's noisy teardown of its pending tasks


asyncio.new_event_loop().run_until_complete(main())
