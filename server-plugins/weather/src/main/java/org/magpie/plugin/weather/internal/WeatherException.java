package org.magpie.plugin.weather.internal;

/** Why there is no report: the place is unknown, or the provider could not be reached or understood. */
final class WeatherException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    enum Kind {
        NO_SUCH_PLACE, UNREACHABLE
    }

    private final Kind kind;

    WeatherException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    WeatherException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
