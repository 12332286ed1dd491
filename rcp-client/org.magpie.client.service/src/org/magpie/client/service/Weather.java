package org.magpie.client.service;

import java.util.List;
import java.util.Objects;

/**
 * The weather for one place, in the language the server answered in.
 *
 * @param place       the place's name, e.g. {@code 北京}
 * @param region      the region or country, or an empty string
 * @param temperature the temperature now, whole degrees Celsius
 * @param conditions  the conditions now in words, e.g. {@code 晴}
 * @param code        the WMO weather code of the conditions (0 clear sky ... 99 thunderstorm with hail)
 * @param summary     the server's one-line summary of the weather now
 * @param forecast    one line a day, today first
 * @since 1.3
 */
public record Weather(String place, String region, int temperature, String conditions, int code, String summary,
        List<String> forecast) {

    public Weather {
        Objects.requireNonNull(place, "place");
        region = region == null ? "" : region;
        conditions = conditions == null ? "" : conditions;
        summary = summary == null ? "" : summary;
        forecast = List.copyOf(forecast);
    }
}
