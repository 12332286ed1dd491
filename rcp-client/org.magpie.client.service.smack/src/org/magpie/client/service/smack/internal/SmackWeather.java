package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.xdata.FormField;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Weather;
import org.magpie.client.service.WeatherService;

/** {@link WeatherService} over the Magpie server's {@code weather} command and its result form. */
public final class SmackWeather implements WeatherService {

    static final String NODE = "weather";

    private final Commands commands;

    public SmackWeather(Commands commands) {
        this.commands = commands;
    }

    @Override
    public CompletableFuture<Boolean> isAvailable() {
        return commands.async(() -> {
            try {
                return commands.nodes().contains(NODE);
            } catch (ServiceException e) {
                if (e.kind() == FailureKind.UNREACHABLE) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public CompletableFuture<Weather> weather(String city) {
        if (city == null || city.isBlank()) {
            return CompletableFuture.failedFuture(new ServiceException(FailureKind.INVALID_INPUT, null));
        }
        return commands.async(() -> {
            // asked first: a switched-off plugin's command is simply not there
            if (!commands.nodes().contains(NODE)) {
                throw new ServiceException(FailureKind.UNAVAILABLE, null);
            }
            Commands.Outcome outcome = commands.run(NODE, Map.of("city", List.of(city.strip())));
            String error = outcome.note(AdHocCommandNote.Type.error);
            if (error != null) {
                throw new ServiceException(unreachable(outcome.value("error"), error) ? FailureKind.UNREACHABLE
                        : FailureKind.INVALID_INPUT, error);
            }
            if (outcome.value("place") == null) {
                throw new ServiceException(FailureKind.OTHER, "The server sent no weather.");
            }
            FormField forecast = outcome.form().getField("forecast");
            List<String> days = forecast == null ? List.of()
                    : forecast.getValues().stream().map(CharSequence::toString).filter(s -> !s.isBlank()).toList();
            return new Weather(outcome.value("place"), outcome.value("region"), number(outcome.value("temperature")),
                    outcome.value("conditions"), number(outcome.value("code")), outcome.value("summary"), days);
        });
    }

    /**
     * The server names the failure in a hidden {@code error} field; without one (an older server)
     * its words tell the provider being unreachable from an unknown place.
     */
    static boolean unreachable(String kind, String note) {
        if (kind != null) {
            return kind.equals("unreachable");
        }
        String lower = note.toLowerCase(Locale.ROOT);
        return lower.contains("unreachable") || note.contains("无法访问");
    }

    private static int number(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return (int) Math.round(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
