package org.magpie.client.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Weather;
import org.magpie.client.service.WeatherService;

/**
 * The weather line of the main window: the weather in the user's city ("北京 晴 21°C", the forecast as
 * its tooltip), asked again every {@link #REFRESH} and at once when the city changes or the user
 * comes online. Hidden without a city, while offline, and while the server offers no weather (its
 * plugin is off); a short text when the place is unknown or the weather service unreachable, asked
 * again after {@link #RETRY}. The view calls {@link #tick()} now and then (e.g. every minute); the
 * clock decides whether it is time.
 */
public final class WeatherPresenter {

    public static final Duration REFRESH = Duration.ofMinutes(30);
    public static final Duration RETRY = Duration.ofMinutes(5);

    /** What the weather line does for the presenter; always called through {@link Ui}. */
    public interface View {
        void show(String text, String tooltip);

        void hide();
    }

    private final WeatherService weather;
    private final Texts texts;
    private final Clock clock;
    private final Ui ui;
    private final View view;

    // touched on the UI thread only
    private String city = "";
    private boolean online;
    private Instant due = Instant.MIN;
    private boolean asking;
    private int generation;

    public WeatherPresenter(WeatherService weather, Texts texts, Clock clock, Ui ui, View view) {
        this.weather = weather;
        this.texts = texts;
        this.clock = clock;
        this.ui = ui;
        this.view = view;
    }

    /** The user's city (blank: no weather line). A new city is asked at once. */
    public void city(String newCity) {
        String c = newCity == null ? "" : newCity.strip();
        if (c.equals(city)) {
            return;
        }
        city = c;
        generation++; // an answer for the old city is not shown
        asking = false;
        due = Instant.MIN;
        if (city.isEmpty()) {
            view.hide();
        }
        tick();
    }

    public String city() {
        return city;
    }

    /** Online or not: coming online asks at once; offline hides the line. */
    public void online(boolean nowOnline) {
        if (nowOnline == online) {
            return;
        }
        online = nowOnline;
        generation++;
        asking = false;
        due = Instant.MIN;
        if (!online) {
            view.hide();
        }
        tick();
    }

    /** When the weather will be asked next (Instant.MIN: as soon as possible). */
    public Instant due() {
        return due;
    }

    /** Asks for the weather when it is time. */
    public void tick() {
        if (city.isEmpty() || !online || asking || clock.instant().isBefore(due)) {
            return;
        }
        asking = true;
        int asked = generation;
        String place = city;
        weather.weather(place).whenComplete((w, failure) -> ui.execute(() -> {
            if (asked != generation) {
                return;
            }
            asking = false;
            Instant now = clock.instant();
            if (failure == null) {
                due = now.plus(REFRESH);
                view.show(text(w), tooltip(w));
                return;
            }
            due = now.plus(RETRY);
            ServiceException e = cause(failure);
            FailureKind kind = e == null ? FailureKind.OTHER : e.kind();
            switch (kind) {
                case UNAVAILABLE -> view.hide();
                case INVALID_INPUT -> view.show(texts.get("weather.unknown", place), e.serverText() == null ? place : e.serverText());
                default -> view.show(texts.get("weather.unreachable"),
                        e != null && e.serverText() != null ? e.serverText() : texts.get("weather.unreachable.tip"));
            }
        }));
    }

    /** "北京 晴 21°C" / "Berlin: clear sky, 21°C". */
    public String text(Weather w) {
        Objects.requireNonNull(w, "w");
        return texts.get("weather.line", w.place(), w.conditions(), Integer.toString(w.temperature())).strip();
    }

    /** The server's summary and one line a day. */
    public String tooltip(Weather w) {
        StringBuilder b = new StringBuilder(w.summary().isBlank() ? text(w) : w.summary());
        for (String day : w.forecast()) {
            b.append('\n').append(day);
        }
        return b.toString();
    }

    private static ServiceException cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ServiceException e) {
                return e;
            }
        }
        return null;
    }
}
