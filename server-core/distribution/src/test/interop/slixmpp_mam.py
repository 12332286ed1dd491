"""Interop check of the message archive with a standard client that is not Smack: slixmpp sends chat
messages, then reads them back through XEP-0313 (urn:xmpp:mam:2) with its xep_0313 plugin: a whole
conversation paged with RSM forwards and backwards, every result with a delay and a stanza-id, and
offline messages (XEP-0160) handed over at login with a XEP-0203 delay.

Usage: python3 slixmpp_mam.py PORT CA_PEM    (prints INTEROP OK and exits 0 on success)
"""
import asyncio
import os
import secrets
import sys

from slixmpp_client import Client, check

PORT = int(sys.argv[1])
CA = sys.argv[2]


def mam_client(user, password, nick, register=True):
    c = Client(PORT, CA, user, password, nick, register)
    for plugin in ('xep_0059', 'xep_0203', 'xep_0297', 'xep_0313', 'xep_0359'):
        c.register_plugin(plugin)
    return c


async def main():
    suffix = secrets.token_hex(3)
    erin = mam_client('erin' + suffix, 'erinpass12', 'Erin').start()
    frank = mam_client('frank' + suffix, 'frankpass1', 'Frank').start()
    await asyncio.wait_for(asyncio.gather(erin.ready.wait(), frank.ready.wait()), 30)

    sent = [f'message {i} 消息' for i in range(12)]
    for body in sent:
        erin.send_message(mto=frank.boundjid.bare, mbody=body, mtype='chat')
    got = [await asyncio.wait_for(frank.inbox.get(), 10) for _ in sent]
    check([m['body'] for m in got] == sent, 'frank got every message in order')
    check(all(m['stanza_id']['by'] == frank.boundjid.bare for m in got), 'each delivered with a stanza-id by frank')

    forward = []
    async for m in erin['xep_0313'].iterate(with_jid=frank.boundjid.bare, rsm={'max': 5}):
        forward.append(m)
    bodies = [r['mam_result']['forwarded']['stanza']['body'] for r in forward]
    check(bodies == sent, f'erin pages forwards through the conversation: {bodies}')
    check(all(r['mam_result']['forwarded']['delay']['stamp'] is not None for r in forward), 'every result has a delay')
    ids = [r['mam_result']['id'] for r in forward]
    check(ids == [str(m['stanza_id']['id']) for m in got], 'result ids are the stanza-ids frank saw')

    backward = []
    async for m in frank['xep_0313'].iterate(with_jid=erin.boundjid.bare, reverse=True, rsm={'max': 5}):
        backward.append(m['mam_result']['forwarded']['stanza']['body'])
    check(sorted(backward) == sorted(sent) and len(backward) == len(sent), f'frank pages backwards: {backward}')

    # offline: frank leaves, erin writes, frank comes back and gets it with a delay from the server
    frank.disconnect()
    await asyncio.sleep(0.5)
    erin.send_message(mto=frank.boundjid.bare, mbody='while you were away', mtype='chat')
    await erin['xep_0199'].ping(jid='localhost')
    back = mam_client('frank' + suffix, 'frankpass1', None, register=False).start()
    m = await asyncio.wait_for(back.inbox.get(), 20)
    check(m['body'] == 'while you were away', 'frank got the offline message')
    check(m['delay']['from'] == 'localhost' and m['delay']['stamp'] is not None, f'with a delay: {m}')

    for c in (erin, back):
        c.disconnect()
    await asyncio.sleep(0.3)
    print("INTEROP OK", flush=True)
    os._exit(0)  # skip slixmpp's noisy teardown of its pending tasks


asyncio.new_event_loop().run_until_complete(main())
