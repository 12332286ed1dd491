package org.magpie.plugin.weather.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The weather as an ad-hoc command ({@code weather}): a form asks for the city, the result form has
 * the place, the weather now and one line a day, so clients can show it in their own layout (the
 * desktop client's weather line uses it).
 */
@Component(service = AdHocCommand.class)
public final class WeatherCommand implements AdHocCommand {

    static final String NODE = "weather";

    private final WeatherService weather;

    @Activate
    public WeatherCommand(@Reference WeatherService weather) {
        this.weather = weather;
    }

    @Override
    public String node() {
        return NODE;
    }

    @Override
    public String name(String language) {
        return chinese(language) ? "天气" : "Weather";
    }

    @Override
    public CompletionStage<Step> execute(EntityFullJid requester, String language, DataForm form) {
        boolean zh = chinese(language);
        if (form == null) {
            return CompletableFuture.completedFuture(Step.ask(DataForm.of("form", name(language),
                    zh ? "请输入城市名称。" : "Enter the name of a city.")
                    .with(Field.of("city", "text-single", zh ? "城市" : "City").asRequired())));
        }
        String city = form.value("city").orElse(null);
        if (city == null || city.length() > WeatherBot.MAX_CITY) {
            return CompletableFuture.failedFuture(new StanzaException(StanzaError.of(StanzaError.Condition.BAD_REQUEST,
                    "Enter the name of a city.", "请输入城市名称。")));
        }
        return weather.report(city, zh).handle((report, failure) -> {
            if (report == null) {
                WeatherException e = WeatherService.cause(failure);
                // the hidden field says which failure it is, so clients need not read the note's words
                DataForm why = DataForm.of("result", name(language), null)
                        .with(Field.of("error", "hidden", null, switch (e.kind()) {
                            case NO_SUCH_PLACE -> "no-such-place";
                            case UNREACHABLE -> "unreachable";
                        }));
                return Step.done(why, Note.error(switch (e.kind()) {
                    case NO_SUCH_PLACE -> zh ? "找不到名为“" + city + "”的地方。" : "There is no place called \"" + city + "\".";
                    case UNREACHABLE -> zh ? "天气服务暂时无法访问，请稍后再试。" : "The weather service is unreachable just now. Please try again later.";
                }));
            }
            String[] lines = report.text(zh).split("\n");
            DataForm result = DataForm.of("result", name(language), null)
                    .with(Field.of("place", "text-single", zh ? "地点" : "Place", report.place()))
                    .with(Field.of("region", "text-single", zh ? "地区" : "Region", report.region()))
                    .with(Field.of("temperature", "text-single", zh ? "气温 (°C)" : "Temperature (°C)",
                            Long.toString(Math.round(report.temperature()))))
                    .with(Field.of("conditions", "text-single", zh ? "天气" : "Conditions", Conditions.describe(report.code(), zh)))
                    .with(Field.of("code", "hidden", null, Integer.toString(report.code())))
                    .with(Field.of("summary", "text-single", zh ? "现在" : "Now", lines[0]))
                    .with(Field.of("forecast", "text-multi", zh ? "预报" : "Forecast",
                            java.util.Arrays.copyOfRange(lines, 1, lines.length)));
            return Step.done(result);
        });
    }

    private static boolean chinese(String language) {
        return language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
    }
}
