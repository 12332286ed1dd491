package org.magpie.plugin.weather.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.magpie.server.api.text.Texts;
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

    private final Texts texts = Texts.of(WeatherCommand.class);
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
        return texts.text("command.name").in(language);
    }

    @Override
    public CompletionStage<Step> execute(EntityFullJid requester, String language, DataForm form) {
        boolean zh = chinese(language);
        String lang = zh ? "zh" : "en";
        if (form == null) {
            return CompletableFuture.completedFuture(Step.ask(DataForm.of("form", name(language),
                    texts.text("command.enter.city").in(lang))
                    .with(Field.of("city", "text-single", label("city", lang)).asRequired())));
        }
        String city = form.value("city").orElse(null);
        if (city == null || city.length() > WeatherBot.MAX_CITY) {
            return CompletableFuture.failedFuture(texts.text("command.enter.city").exception(StanzaError.Condition.BAD_REQUEST));
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
                    case NO_SUCH_PLACE -> texts.text("command.no.such.place", city).in(lang);
                    case UNREACHABLE -> texts.text("unreachable").in(lang);
                }));
            }
            String[] lines = report.text(zh).split("\n");
            DataForm result = DataForm.of("result", name(language), null)
                    .with(Field.of("place", "text-single", label("place", lang), report.place()))
                    .with(Field.of("region", "text-single", label("region", lang), report.region()))
                    .with(Field.of("temperature", "text-single", label("temperature", lang),
                            Long.toString(Math.round(report.temperature()))))
                    .with(Field.of("conditions", "text-single", label("conditions", lang), Conditions.describe(report.code(), zh)))
                    .with(Field.of("code", "hidden", null, Integer.toString(report.code())))
                    .with(Field.of("summary", "text-single", label("summary", lang), lines[0]))
                    .with(Field.of("forecast", "text-multi", label("forecast", lang),
                            java.util.Arrays.copyOfRange(lines, 1, lines.length)));
            return Step.done(result);
        });
    }

    private String label(String var, String language) {
        return texts.text("field." + var).in(language);
    }

    private static boolean chinese(String language) {
        return language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
    }
}
