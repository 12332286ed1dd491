"""The slixmpp client the interop checks share: optional in-band registration with a nickname
(XEP-0077), STARTTLS with the server certificate as the only trusted CA, and every stanza the
checks look at kept so a check can wait for the one it expects."""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, port, ca, user, password, nick=None, register=True):
        super().__init__(user + '@localhost', password)
        self.port = port
        self.nick = nick
        self.inbox = asyncio.Queue()
        self.received = []
        self.arrived = asyncio.Event()
        self.ready = asyncio.Event()
        self.registered = asyncio.Event()
        # slixmpp 1.8 holds back every IQ until the session starts, in-band registration included
        self._always_send_everything = True
        self.ssl_context = ssl.create_default_context(cafile=ca)
        # friend requests are answered by the check itself, as a user would
        self.roster.auto_authorize = None  # None: neither accept nor refuse by itself
        self.roster.auto_subscribe = False
        for plugin in ('xep_0030', 'xep_0199', 'xep_0077'):
            self.register_plugin(plugin)
        self['xep_0077'].force_registration = register
        if register:
            self.add_event_handler('register', self.on_register)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('message', lambda m: self.inbox.put_nowait(m) if m['type'] == 'chat' else None)
        self.add_event_handler('presence', self.on_presence)

    def on_presence(self, p):
        self.received.append(p)
        self.arrived.set()

    def start(self):
        self.connect(('127.0.0.1', self.port))
        return self

    async def on_register(self, form):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['register']['username'] = self.boundjid.user
        iq['register']['password'] = self.password
        iq['register']['nick'] = self.nick
        await iq.send()
        self.registered.set()

    async def on_start(self, event):
        await self.get_roster()
        self.send_presence()
        await self['xep_0199'].ping(jid='localhost')  # the server has seen our presence once this returns
        self.ready.set()

    async def next_presence(self, match, what, timeout=10):
        """The first presence received so far or within the timeout for which match(p) holds; it is
        taken out, the others stay for later checks."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for p in self.received:
                if match(p):
                    self.received.remove(p)
                    return p
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                fail(f'{self.boundjid.bare}: no presence within {timeout}s: {what}; '
                     f'received: {[str(p) for p in self.received]}')
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def no_presence(self, match, what, during=1.5):
        await asyncio.sleep(during)
        unexpected = [str(p) for p in self.received if match(p)]
        check(not unexpected, f'{self.boundjid.bare}: unexpected presence ({what}): {unexpected}')

    async def item(self, jid):
        """The roster item for jid as the server has it now."""
        await self.get_roster()
        return self.client_roster[jid] if jid in self.client_roster else None


def fail(what):
    print('FAILED:', what, flush=True)
    sys.exit(1)


def check(condition, what):
    if not condition:
        fail(what)
