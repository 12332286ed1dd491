package org.magpie.plugin.weather.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeatherServiceTest {

    private final StubProvider provider = new StubProvider();
    private final MutableClock clock = new MutableClock();
    // generous: a loaded build machine must not turn a slow answer into "unreachable"
    private final WeatherService weather = new WeatherService(provider.geocoding(), provider.forecast(),
            Duration.ofSeconds(10), Duration.ofMinutes(10), clock);

    WeatherServiceTest() throws Exception {
    }

    @AfterEach
    void close() {
        weather.stop();
        provider.close();
    }

    @Test
    void aKnownCityGetsTheWeatherNowAndThreeDaysInEitherLanguage() throws Exception {
        WeatherReport berlin = weather.report("Berlin", false).get(5, TimeUnit.SECONDS);
        assertEquals("Berlin", berlin.place());
        assertEquals("Berlin, Germany", berlin.region());
        assertEquals(3, berlin.days().size());
        assertEquals("""
                Berlin (Berlin, Germany): light rain, 3 °C, humidity 81%, wind 13 km/h
                2026-11-24: light rain, 1 °C ~ 5 °C
                2026-11-25: overcast, 0 °C ~ 6 °C
                2026-11-26: clear sky, 0 °C ~ 7 °C""", berlin.text(false));
        String beijing = weather.report("北京", true).get(5, TimeUnit.SECONDS).text(true);
        assertTrue(beijing.startsWith("北京（北京市, 中国）：小雨，3 °C，湿度 81%"), beijing);
    }

    @Test
    void reportsAreCachedForTheConfiguredTime() throws Exception {
        weather.report("Berlin", false).get(5, TimeUnit.SECONDS);
        int asked = provider.requests.get();
        weather.report(" berlin ", false).get(5, TimeUnit.SECONDS);
        assertEquals(asked, provider.requests.get(), "the second answer came from the cache");
        clock.advance(Duration.ofMinutes(11));
        weather.report("Berlin", false).get(5, TimeUnit.SECONDS);
        assertTrue(provider.requests.get() > asked, "asked again after the cache time");
    }

    @Test
    void anUnknownPlaceIsSaidSo() {
        assertEquals(WeatherException.Kind.NO_SUCH_PLACE, failure("Atlantis").kind());
    }

    @Test
    void aSlowProviderTimesOutAsUnreachable() {
        provider.mode = StubProvider.Mode.SLOW;
        WeatherService impatient = new WeatherService(provider.geocoding(), provider.forecast(), Duration.ofMillis(500),
                Duration.ZERO, clock);
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> impatient.report("Berlin", false).get(10, TimeUnit.SECONDS));
            assertEquals(WeatherException.Kind.UNREACHABLE, WeatherService.cause(e.getCause()).kind());
        } finally {
            impatient.stop();
        }
    }

    @Test
    void errorsAndGarbageAreUnreachableToo() {
        provider.mode = StubProvider.Mode.ERROR;
        assertTrue(failure("Berlin").getMessage().contains("HTTP 503"));
        provider.mode = StubProvider.Mode.GARBAGE;
        assertTrue(failure("Berlin").getMessage().contains("not JSON"));
    }

    @Test
    void aProviderThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WeatherService nowhere = new WeatherService(URI.create("http://127.0.0.1:" + port + "/geo"),
                URI.create("http://127.0.0.1:" + port + "/forecast"), Duration.ofSeconds(1), Duration.ZERO, clock);
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> nowhere.report("Berlin", false).get(5, TimeUnit.SECONDS));
            assertEquals(WeatherException.Kind.UNREACHABLE, WeatherService.cause(e.getCause()).kind());
        } finally {
            nowhere.stop();
        }
    }

    private WeatherException failure(String city) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> weather.report(city, false).get(5, TimeUnit.SECONDS));
        return WeatherService.cause(e.getCause());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
