package org.magpie.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Scenario 6: XEP-0363 HTTP File Upload: slot requests, then PUT and GET throughput. */
final class UploadScenario {

    static final String NS = "urn:xmpp:http:upload:0";

    private UploadScenario() {
    }

    static void run(Bench b) throws Exception {
        b.ensureAccounts(1);
        XmppConnection c = b.online(0, false, "auto");
        try {
            c.startReader((conn, s) -> { });
            String service = b.findService(c, NS);
            if (service == null) {
                b.results.metric("upload.put", "file upload throughput", "MiB/s", null, true);
                b.results.note("files (HTTP upload, scenario 6): not available yet - the server advertises no " + NS + " service");
                return;
            }
            b.results.info("upload.service", service);
            int files = b.opts.integer("upload-files");
            int size = b.opts.integer("upload-size");
            byte[] data = new byte[size];
            ThreadLocalRandom.current().nextBytes(data);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String[] getUrls = new String[files];
            AtomicLong bytes = new AtomicLong();
            long t0 = System.nanoTime();
            Probe.Meter meter = b.probe.meter();
            Bench.parallel(files, 4, i -> {
                String id = XmppConnection.nextId();
                String slot = c.request(id, "<iq type='get' id='" + id + "' to='" + service + "'><request xmlns='" + NS
                        + "' filename='bench" + i + ".bin' size='" + size + "' content-type='application/octet-stream'/></iq>", 30);
                int putAt = slot.indexOf("<put");
                if (putAt < 0) {
                    throw new IllegalStateException("no upload slot: " + XmppConnection.abbreviate(slot));
                }
                String putUrl = Xml.attr(slot.substring(putAt), "url");
                String getUrl = Xml.attr(slot.substring(slot.indexOf("<get")), "url");
                HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(putUrl))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
                int h = putAt;
                while ((h = slot.indexOf("<header ", h + 1)) >= 0 && h < slot.indexOf("</put>")) {
                    String header = slot.substring(h, slot.indexOf("</header>", h) + 9);
                    put.header(Xml.attr(header, "name"), Xml.text(header));
                }
                HttpResponse<Void> r = http.send(put.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) {
                    throw new IllegalStateException("PUT " + putUrl + " answered " + r.statusCode());
                }
                bytes.addAndGet(size);
                getUrls[i] = getUrl;
            }, true);
            double put = (System.nanoTime() - t0) / 1e9;
            meter.stop(b.results, "upload.put", "upload");
            b.results.metric("upload.put", "file upload (" + files + " x " + size / 1024 + " KiB, 4 parallel)", "MiB/s",
                    bytes.get() / put / 1048576, true);
            long t1 = System.nanoTime();
            Probe.Meter meter2 = b.probe.meter();
            AtomicLong got = new AtomicLong();
            Bench.parallel(files, 4, i -> {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(getUrls[i])).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200 || r.body().length != size) {
                    throw new IllegalStateException("GET " + getUrls[i] + " answered " + r.statusCode() + " with " + r.body().length + " bytes");
                }
                got.addAndGet(size);
            }, true);
            double get = (System.nanoTime() - t1) / 1e9;
            meter2.stop(b.results, "upload.get", "download");
            b.results.metric("upload.get", "file download (" + files + " x " + size / 1024 + " KiB, 4 parallel)", "MiB/s",
                    got.get() / get / 1048576, true);
        } finally {
            c.closeStream();
        }
    }
}
