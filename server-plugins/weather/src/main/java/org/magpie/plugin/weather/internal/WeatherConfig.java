package org.magpie.plugin.weather.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the weather plugin, PID {@value WeatherService#PID}: the {@code weather.*} keys of conf/magpie.properties. */
@ObjectClassDefinition(name = "Magpie weather", description = "The weather bot and command, and the provider they ask.")
@interface WeatherConfig {

    @AttributeDefinition(name = "Geocoding URL", description = "Finds a city's coordinates (Open-Meteo geocoding API or the same shape).")
    String geocoding_url() default "https://geocoding-api.open-meteo.com/v1/search";

    @AttributeDefinition(name = "Forecast URL", description = "Current weather and daily forecast (Open-Meteo forecast API or the same shape).")
    String forecast_url() default "https://api.open-meteo.com/v1/forecast";

    @AttributeDefinition(name = "Timeout (seconds)", description = "Longest wait for the provider before users are told it is unreachable.", min = "1")
    int timeout_seconds() default 5;

    @AttributeDefinition(name = "Cache (minutes)", description = "How long a city's report is reused before the provider is asked again.", min = "0")
    int cache_minutes() default 10;

    @AttributeDefinition(name = "Bot name", description = "The bot's account name: <name>@<domain>.")
    String bot_name() default "weather";
}
