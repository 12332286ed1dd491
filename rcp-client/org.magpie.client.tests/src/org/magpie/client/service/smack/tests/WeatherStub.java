package org.magpie.client.service.smack.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A weather provider in the Open-Meteo shape on a loopback port, for the server's weather plugin in
 * tests: {@code /geo?name=...} knows Berlin (柏林) and Beijing (北京), {@code /forecast} always has the
 * same clear day. {@link #down} makes it answer 503, as a provider that is out of order.
 */
final class WeatherStub implements AutoCloseable {

    volatile boolean down;
    private final ServerSocket socket;
    private final Thread thread;

    WeatherStub() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "weather stub " + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** The server settings that point the weather plugin here (no cache, a short timeout). */
    String[] settings() {
        String base = "http://127.0.0.1:" + socket.getLocalPort();
        return new String[] {"weather.geocoding.url=" + base + "/geo", "weather.forecast.url=" + base + "/forecast",
                "weather.timeout.seconds=2", "weather.cache.minutes=0"};
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String request = in.readLine();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // headers: not needed
                }
                String target = request == null ? "" : URLDecoder.decode(request.split(" ")[1], StandardCharsets.UTF_8);
                answer(s.getOutputStream(), target);
            } catch (IOException | RuntimeException e) {
                // a closed socket ends the loop; a broken request is the server's problem to report
            }
        }
    }

    private void answer(OutputStream out, String target) throws IOException {
        if (down) {
            out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return;
        }
        String json;
        if (target.startsWith("/geo")) {
            if (target.contains("name=Berlin") || target.contains("name=柏林")) {
                json = "{\"results\":[{\"name\":\"" + (target.contains("柏林") ? "柏林" : "Berlin")
                        + "\",\"latitude\":52.5,\"longitude\":13.4,\"country\":\"Germany\"}]}";
            } else if (target.contains("name=Beijing") || target.contains("name=北京")) {
                json = "{\"results\":[{\"name\":\"" + (target.contains("北京") ? "北京" : "Beijing")
                        + "\",\"latitude\":39.9,\"longitude\":116.4,\"country\":\"China\"}]}";
            } else {
                json = "{}";
            }
        } else {
            json = """
                    {"current":{"temperature_2m":21.2,"relative_humidity_2m":40,"weather_code":0,"wind_speed_10m":5},
                     "daily":{"time":["2026-05-01","2026-05-02"],"weather_code":[0,61],"temperature_2m_max":[23,19],
                     "temperature_2m_min":[12,11]}}""";
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
