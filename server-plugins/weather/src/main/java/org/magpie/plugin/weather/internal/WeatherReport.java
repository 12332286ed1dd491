package org.magpie.plugin.weather.internal;

import java.time.LocalDate;
import java.util.List;

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

    WeatherReport {
        days = List.copyOf(days);
    }

    /** The report as a few lines of text for a chat. */
    String text(boolean chinese) {
        StringBuilder b = new StringBuilder();
        String where = region.isEmpty() ? place : place + (chinese ? "（" + region + "）" : " (" + region + ")");
        if (chinese) {
            b.append(where).append("：").append(Conditions.describe(code, true)).append("，")
                    .append(degrees(temperature)).append("，湿度 ").append(humidity).append("%，风速 ")
                    .append(number(windKmh)).append(" 公里/小时");
        } else {
            b.append(where).append(": ").append(Conditions.describe(code, false)).append(", ")
                    .append(degrees(temperature)).append(", humidity ").append(humidity).append("%, wind ")
                    .append(number(windKmh)).append(" km/h");
        }
        for (Day d : days) {
            b.append('\n').append(d.date()).append(chinese ? "：" : ": ").append(Conditions.describe(d.code(), chinese))
                    .append(", ").append(degrees(d.min())).append(" ~ ").append(degrees(d.max()));
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
