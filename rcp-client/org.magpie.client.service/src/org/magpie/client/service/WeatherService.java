package org.magpie.client.service;

import java.util.concurrent.CompletableFuture;

/**
 * The weather from the server's weather plugin (the XEP-0050 command {@code weather}).
 *
 * @since 1.3
 */
public interface WeatherService {

    /** Whether the server offers the weather now (false while offline or when its plugin is off). */
    CompletableFuture<Boolean> isAvailable();

    /**
     * The weather now and a short forecast for a city, in the user's language. Fails with
     * {@link FailureKind#UNAVAILABLE} when the server does not offer the weather (its plugin is off),
     * {@link FailureKind#INVALID_INPUT} when the server knows no such place, {@link FailureKind#UNREACHABLE}
     * when the weather provider (or the server) cannot be reached; the exception carries the server's words.
     */
    CompletableFuture<Weather> weather(String city);
}
