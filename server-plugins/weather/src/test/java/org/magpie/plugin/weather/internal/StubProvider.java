package org.magpie.plugin.weather.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A local stand-in for an Open-Meteo style provider: Berlin and 北京 exist, other places do not. */
final class StubProvider implements AutoCloseable {

    enum Mode { NORMAL, SLOW, ERROR, GARBAGE }

    final AtomicInteger requests = new AtomicInteger();
    volatile Mode mode = Mode.NORMAL;
    private final HttpServer server;
    /** SLOW answers only when the stub closes: after any timeout of the client's, whatever its length */
    private final CountDownLatch closing = new CountDownLatch(1);

    StubProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/geo", this::geo);
        server.createContext("/forecast", this::forecast);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    URI geocoding() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/geo");
    }

    URI forecast() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/forecast");
    }

    private void geo(HttpExchange x) throws IOException {
        if (misbehave(x)) {
            return;
        }
        String query = URI.create("http://h/?" + x.getRequestURI().getRawQuery()).getQuery();
        String json;
        if (query.contains("name=Berlin")) {
            json = "{\"results\":[{\"name\":\"Berlin\",\"latitude\":52.52,\"longitude\":13.41,\"country\":\"Germany\",\"admin1\":\"Berlin\"}]}";
        } else if (query.contains("name=北京")) {
            json = "{\"results\":[{\"name\":\"北京\",\"latitude\":39.9,\"longitude\":116.4,\"country\":\"中国\",\"admin1\":\"北京市\"}]}";
        } else {
            json = "{\"generationtime_ms\":0.2}";
        }
        send(x, 200, json);
    }

    private void forecast(HttpExchange x) throws IOException {
        if (misbehave(x)) {
            return;
        }
        send(x, 200, """
                {"current":{"time":"2026-11-24T10:00","temperature_2m":3.4,"relative_humidity_2m":81,"weather_code":61,"wind_speed_10m":12.6},
                 "daily":{"time":["2026-11-24","2026-11-25","2026-11-26"],"weather_code":[61,3,0],
                          "temperature_2m_max":[5.1,6.0,7.2],"temperature_2m_min":[1.0,-0.4,0.2]}}""");
    }

    private boolean misbehave(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        switch (mode) {
            case SLOW -> {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(x, 200, "{}");
                return true;
            }
            case ERROR -> {
                send(x, 503, "busy");
                return true;
            }
            case GARBAGE -> {
                send(x, 200, "<html>not json</html>");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout tests)
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
