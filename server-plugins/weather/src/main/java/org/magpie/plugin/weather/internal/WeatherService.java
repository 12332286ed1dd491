package org.magpie.plugin.weather.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;

/**
 * Asks an Open-Meteo style provider for a city's weather: the geocoding API finds the place, the
 * forecast API gives the weather now and for three days. Requests run asynchronously with a
 * timeout, so nobody waits longer than that and no server thread is held meanwhile; reports are
 * cached per city and language for the configured time.
 */
@Component(service = WeatherService.class, configurationPid = WeatherService.PID)
@Designate(ocd = WeatherConfig.class)
public final class WeatherService {

    static final String PID = "org.magpie.weather";
    static final int FORECAST_DAYS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(WeatherService.class);

    private record Cached(WeatherReport report, Instant until) {
    }

    private final URI geocoding;
    private final URI forecast;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Activate
    public WeatherService(WeatherConfig config) {
        this(URI.create(config.geocoding_url()), URI.create(config.forecast_url()),
                Duration.ofSeconds(config.timeout_seconds()), Duration.ofMinutes(config.cache_minutes()), Clock.systemUTC());
    }

    WeatherService(URI geocoding, URI forecast, Duration timeout, Duration cacheFor, Clock clock) {
        this.geocoding = geocoding;
        this.forecast = forecast;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Deactivate
    void stop() {
        http.shutdownNow();
    }

    /**
     * The weather of a place. Completes exceptionally with a {@link WeatherException}: {@code NO_SUCH_PLACE}
     * or {@code UNREACHABLE} (timeout, network, an error status, an answer that does not parse).
     */
    CompletableFuture<WeatherReport> report(String city, boolean chinese) {
        String place = city.strip();
        String key = (chinese ? "zh|" : "en|") + place.toLowerCase(Locale.ROOT);
        Cached hit = cache.get(key);
        if (hit != null && clock.instant().isBefore(hit.until())) {
            return CompletableFuture.completedFuture(hit.report());
        }
        String language = chinese ? "zh" : "en";
        return get(geocoding, "name=" + encode(place) + "&count=1&format=json&language=" + language)
                .thenCompose(geo -> {
                    JsonArray results = geo.getArray("results");
                    if (results == null || results.isEmpty()) {
                        throw new WeatherException(WeatherException.Kind.NO_SUCH_PLACE, "no place called " + place);
                    }
                    JsonObject found = results.getObject(0);
                    String region = String.join(", ", nonEmpty(found.getString("admin1", ""), found.getString("country", "")));
                    return get(forecast, "latitude=" + found.getDouble("latitude") + "&longitude=" + found.getDouble("longitude")
                            + "&current=temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m"
                            + "&daily=weather_code,temperature_2m_max,temperature_2m_min&timezone=auto&forecast_days=" + FORECAST_DAYS)
                            .thenApply(f -> parse(f, found.getString("name", place), region));
                })
                .whenComplete((report, failure) -> {
                    if (report != null && !cacheFor.isZero()) {
                        cache.put(key, new Cached(report, clock.instant().plus(cacheFor)));
                    }
                });
    }

    private static List<String> nonEmpty(String... parts) {
        List<String> result = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank() && !result.contains(p)) {
                result.add(p);
            }
        }
        return result;
    }

    private static WeatherReport parse(JsonObject f, String place, String region) {
        JsonObject now = f.getObject("current");
        JsonObject daily = f.getObject("daily");
        if (now == null || daily == null || !now.has("temperature_2m") || !now.has("weather_code")) {
            throw new WeatherException(WeatherException.Kind.UNREACHABLE, "the forecast lacks current or daily values");
        }
        List<WeatherReport.Day> days = new ArrayList<>();
        JsonArray dates = daily.getArray("time");
        JsonArray codes = daily.getArray("weather_code");
        JsonArray max = daily.getArray("temperature_2m_max");
        JsonArray min = daily.getArray("temperature_2m_min");
        for (int i = 0; dates != null && codes != null && max != null && min != null && i < dates.size()
                && i < codes.size() && i < max.size() && i < min.size(); i++) {
            days.add(new WeatherReport.Day(LocalDate.parse(dates.getString(i)), codes.getInt(i), min.getDouble(i), max.getDouble(i)));
        }
        return new WeatherReport(place, region, now.getDouble("temperature_2m"), now.getInt("relative_humidity_2m"),
                now.getDouble("wind_speed_10m"), now.getInt("weather_code"), days);
    }

    private CompletableFuture<JsonObject> get(URI base, String query) {
        URI uri = URI.create(base + (base.getQuery() == null ? "?" : "&") + query);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        LOG.warn("weather provider {} unreachable: {}", base, cause.toString());
                        throw new WeatherException(WeatherException.Kind.UNREACHABLE, "provider unreachable: " + cause, cause);
                    }
                    if (response.statusCode() != 200) {
                        LOG.warn("weather provider {} answered HTTP {}", base, response.statusCode());
                        throw new WeatherException(WeatherException.Kind.UNREACHABLE, "provider answered HTTP " + response.statusCode());
                    }
                    try {
                        return JsonParser.object().from(response.body());
                    } catch (JsonParserException e) {
                        LOG.warn("weather provider {} sent what is not JSON: {}", base, e.getMessage());
                        throw new WeatherException(WeatherException.Kind.UNREACHABLE, "provider answer is not JSON", e);
                    }
                });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static WeatherException cause(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof WeatherException w) {
            return w;
        }
        return new WeatherException(WeatherException.Kind.UNREACHABLE, t.toString(), t);
    }
}
