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

from slixmpp_client import Client, check

PORT = int(sys.argv[1])
CA = sys.argv[2]


async def main():
    suffix = secrets.token_hex(3)
    carol = Client(PORT, CA, 'carol' + suffix, 'carolpass1', 'Carol 卡罗尔').start()
    dave = Client(PORT, CA, 'dave' + suffix, 'davepass12', 'Dave').start()
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
