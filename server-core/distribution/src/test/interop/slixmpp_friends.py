"""Interop check of friends and presence (RFC 6121) with a standard client that is not Smack:
slixmpp users send a friend request with a greeting and accept it both ways, see each other come
and go, defer a request to an offline user across two logins (the server delivers it again), reject
it, and get a clear error for an account that does not exist.

Usage: python3 slixmpp_friends.py PORT CA_PEM    (prints INTEROP OK and exits 0 on success)
"""
import asyncio
import os
import secrets
import sys

from slixmpp_client import Client, check

PORT = int(sys.argv[1])
CA = sys.argv[2]


def kind(ptype, sender):
    return lambda p: p['type'] == ptype and p['from'].bare == sender.boundjid.bare


async def login(user, password, nick=None, register=False):
    c = Client(PORT, CA, user, password, nick, register).start()
    await asyncio.wait_for(c.ready.wait(), 30)
    return c


async def main():
    s = secrets.token_hex(3)
    ann = await login('ann' + s, 'annpass123', 'Ann 安', register=True)
    ben = await login('ben' + s, 'benpass123', 'Ben', register=True)
    cid = await login('cid' + s, 'cidpass123', 'Cid', register=True)
    cid.disconnect()
    await asyncio.sleep(0.5)

    # a request with a greeting, accepted both ways
    ann.send_presence(pto=ben.boundjid.bare, ptype='subscribe', pstatus='Hi Ben, it is Ann')
    request = await ben.next_presence(kind('subscribe', ann), 'request from ann')
    check(request['status'] == 'Hi Ben, it is Ann', 'the greeting travels with the request')
    ben.send_presence(pto=ann.boundjid.bare, ptype='subscribed')
    ben.send_presence(pto=ann.boundjid.bare, ptype='subscribe')
    await ann.next_presence(kind('subscribed', ben), 'ben accepted')
    await ann.next_presence(kind('subscribe', ben), 'ben asks back')
    ann.send_presence(pto=ben.boundjid.bare, ptype='subscribed')
    await ann.next_presence(kind('available', ben), 'ben is online for ann')
    await ben.next_presence(kind('available', ann), 'ann is online for ben')
    item = await ann.item(ben.boundjid.bare)
    check(item is not None and item['subscription'] == 'both', f'ann and ben are friends both ways: {item and item["subscription"]}')
    check(item['name'] == 'Ben', f'the roster item carries the nickname: {item["name"]!r}')

    # ben goes away
    ben.disconnect()
    await ann.next_presence(kind('unavailable', ben), 'ben went offline', timeout=3)

    # a request to an offline user, deferred once, delivered again at the next login, then rejected
    ann.send_presence(pto=cid.boundjid.bare, ptype='subscribe', pstatus='Hello Cid')
    await asyncio.sleep(0.5)
    cid = await login('cid' + s, 'cidpass123')
    first = await cid.next_presence(kind('subscribe', ann), 'request waiting at login')
    check(first['status'] == 'Hello Cid', 'the greeting is kept for an offline user')
    cid.disconnect()  # "later": no answer
    await asyncio.sleep(0.5)
    cid = await login('cid' + s, 'cidpass123')
    await cid.next_presence(kind('subscribe', ann), 'the unanswered request comes again')
    cid.send_presence(pto=ann.boundjid.bare, ptype='unsubscribed')
    await ann.next_presence(kind('unsubscribed', cid), 'cid said no')
    item = await ann.item(cid.boundjid.bare)
    check(item is None or (item['subscription'] == 'none' and not item['pending_out']),
          'a rejected request leaves no subscription')
    cid.disconnect()
    await asyncio.sleep(0.5)
    cid = await login('cid' + s, 'cidpass123')
    await cid.no_presence(kind('subscribe', ann), 'an answered request does not come again')

    # nobody there
    ann.send_presence(pto='nobody' + s + '@localhost', ptype='subscribe')
    error = await ann.next_presence(lambda p: p['type'] == 'error', 'error for a missing account')
    check(error['error']['condition'] == 'item-not-found', f'item-not-found: {error}')

    for c in (ann, cid):
        c.disconnect()
    await asyncio.sleep(0.3)
    print("INTEROP OK", flush=True)
    os._exit(0)  # skip slixmpp's noisy teardown of its pending tasks


asyncio.new_event_loop().run_until_complete(main())
