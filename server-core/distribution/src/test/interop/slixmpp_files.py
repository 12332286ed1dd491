"""Interop check of file upload with a standard client that is not Smack: one slixmpp client finds
the upload service by disco (XEP-0363: store/file identity, max-file-size form), uploads a file over
HTTPS with slixmpp's own upload helper and sends the URL in a message (XEP-0066); a second slixmpp
client receives it, downloads the file, and checks it byte for byte and against the server's SHA-256.

Usage: SSL_CERT_FILE=CA_PEM python3 slixmpp_files.py PORT CA_PEM USER1 PASS1 USER2 PASS2
(prints INTEROP OK and exits 0). SSL_CERT_FILE lets slixmpp's HTTP client trust the server's certificate.
"""
import asyncio
import hashlib
import io
import os
import ssl
import sys
import urllib.request

import slixmpp
from slixmpp.plugins.xep_0363.http_upload import FileTooBig

PORT = int(sys.argv[1])
CA = sys.argv[2]
UPLOADER, UPLOADER_PASSWORD, RECEIVER, RECEIVER_PASSWORD = sys.argv[3:7]
NAME = 'photo 照片.bin'


class Client(slixmpp.ClientXMPP):
    def __init__(self, user, password):
        super().__init__(user + '@localhost', password)
        self.ready = asyncio.Event()
        self.messages = asyncio.Queue()
        self.ssl_context = ssl.create_default_context(cafile=CA)
        for plugin in ('xep_0030', 'xep_0066', 'xep_0128', 'xep_0363'):
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('message', lambda m: self.messages.put_nowait(m))

    async def on_start(self, event):
        self.send_presence()
        await self.get_roster()
        self.ready.set()


def check(condition, what):
    if not condition:
        print('FAILED:', what, flush=True)
        sys.exit(1)


async def main():
    uploader = Client(UPLOADER, UPLOADER_PASSWORD)
    receiver = Client(RECEIVER, RECEIVER_PASSWORD)
    for c in (uploader, receiver):
        c.connect(('127.0.0.1', PORT))
    await asyncio.wait_for(asyncio.gather(uploader.ready.wait(), receiver.ready.wait()), 30)

    # find_upload_service() of slixmpp 1.8.3 fails on Python 3.11 (it hands coroutines to asyncio.wait),
    # so the same discovery is done here step by step: the server's items, then each one's info
    items = await uploader['xep_0030'].get_items(jid='localhost')
    service = None
    for jid, _node, _name in items['disco_items']['items']:
        info = await uploader['xep_0030'].get_info(jid=jid)
        identities = [(i[0], i[1]) for i in info['disco_info']['identities']]
        if ('store', 'file') in identities and 'urn:xmpp:http:upload:0' in info['disco_info']['features']:
            service = info
    check(service is not None, 'the server lists an upload service (store/file, urn:xmpp:http:upload:0)')
    check(str(service['from']) == 'upload.localhost', 'the service is upload.localhost: %s' % service['from'])
    limit = None
    for form in service['disco_info'].iterables:
        values = form['values']
        if values.get('FORM_TYPE') == ['urn:xmpp:http:upload:0']:
            limit = int(values['max-file-size'])
    check(limit == 512 * 1024 * 1024, 'the limit is in the disco form: %s' % limit)
    uploader['xep_0363'].upload_service = service['from']
    uploader['xep_0363'].max_file_size = limit

    content = os.urandom(200_000)
    url = await uploader['xep_0363'].upload_file(NAME, size=len(content), content_type='application/octet-stream',
                                                 input_file=io.BytesIO(content), timeout=30)
    check(url.startswith('https://localhost:'), 'an https download URL: %s' % url)

    try:
        await uploader['xep_0363'].upload_file('huge.bin', size=600 * 1024 * 1024, input_file=io.BytesIO(b''), timeout=30)
        check(False, 'a file above the advertised limit is refused')
    except FileTooBig:
        pass

    message = uploader.make_message(mto=RECEIVER + '@localhost', mbody=url, mtype='chat')
    message['oob']['url'] = url
    message.send()

    while True:
        m = await asyncio.wait_for(receiver.messages.get(), 20)
        if m['oob']['url']:
            break
    got_url = m['oob']['url']
    check(got_url == url and m['body'] == url, 'the receiver gets the URL (XEP-0066): %s' % got_url)

    def download():
        context = ssl.create_default_context(cafile=CA)
        with urllib.request.urlopen(got_url, context=context, timeout=30) as r:
            return r.read(), r.headers

    data, headers = await asyncio.get_running_loop().run_in_executor(None, download)
    digest = hashlib.sha256(content).hexdigest()
    check(data == content, 'the downloaded bytes are the uploaded ones (%d of %d bytes)' % (len(data), len(content)))
    check(headers['X-Magpie-Sha256'] == digest and headers['ETag'] == '"%s"' % digest,
          'the server reports the same SHA-256: %s' % headers['ETag'])

    for c in (uploader, receiver):
        c.disconnect()
    print('INTEROP OK', flush=True)


asyncio.run(main())
