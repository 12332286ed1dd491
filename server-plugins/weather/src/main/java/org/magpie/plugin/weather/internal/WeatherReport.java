package org.magpie.plugin.weather.internal;

import java.time.LocalDate;
import java.util.List;

import org.magpie.server.api.text.Texts;

/**
 * What the provider said about one place: the weather now and a short daily forecast.
 *
 * @param place the place's name as the provider writes it in the asked language
 * @param region the country (and region) it is in, may be empty
 */
record WeatherReport(String place, String region, double temperature, int humidity, double windKmh, int code,
        List<Day> days) {

    /** One day of the forecast. */
    record Day(LocalDate date, int code, double min, double max) {
    }

    private static final Texts TEXTS = Texts.of(WeatherReport.class);

    WeatherReport {
        days = List.copyOf(days);
    }

    /** The report as a few lines of text for a chat. */
    String text(boolean chinese) {
        String language = chinese ? "zh" : "en";
        String where = region.isEmpty() ? place : TEXTS.text("report.place.region", place, region).in(language);
        StringBuilder b = new StringBuilder(TEXTS.text("report.now", where, Conditions.describe(code, chinese),
                degrees(temperature), String.valueOf(humidity), number(windKmh)).in(language));
        for (Day d : days) {
            b.append('\n').append(TEXTS.text("report.day", d.date().toString(), Conditions.describe(d.code(), chinese),
                    degrees(d.min()), degrees(d.max())).in(language));
        }
        return b.toString();
    }

    private static String degrees(double celsius) {
        return number(celsius) + " °C";
    }

    private static String number(double value) {
        return Long.toString(Math.round(value)); // whole numbers, and never "-0"
    }
}
