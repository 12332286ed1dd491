package org.magpie.client.service.smack.internal;

import java.util.concurrent.CompletableFuture;

import org.magpie.client.service.MessagingService;
import org.magpie.client.service.Weather;
import org.magpie.client.service.WeatherService;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * The running client's {@link WeatherService} (OSGI-INF/org.magpie.client.service.smack.weather.xml):
 * asked over the session of this bundle's {@link MessagingService} component, injected by DS.
 */
public final class WeatherComponent implements WeatherService {

    private final WeatherService delegate;

    public WeatherComponent(MessagingService messaging) {
        this.delegate = ((SmackMessagingService) messaging).weather();
    }

    @Override
    public CompletableFuture<Boolean> isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public CompletableFuture<Weather> weather(String city) {
        return delegate.weather(city);
    }
}
