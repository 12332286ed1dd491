package org.magpie.plugin.weather.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.Intercepts;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The weather bot, {@code weather@<domain>}: a chat message with a city name gets the city's
 * weather as the answer, in Chinese when the user writes or speaks Chinese. Messages to the bot are
 * taken out of normal routing here; the answer comes when the provider has answered (or failed, with
 * a clear reply), without holding a server thread meanwhile.
 */
@Component(service = StanzaInterceptor.class, configurationPid = WeatherService.PID)
@Intercepts(kinds = Stanza.Kind.MESSAGE, phase = StanzaInterceptor.Phase.HANDLE)
public final class WeatherBot implements StanzaInterceptor {

    static final int MAX_CITY = 100;

    private final Texts texts = Texts.of(WeatherBot.class);
    private final WeatherService weather;
    private final StanzaRouter routers;
    private final EntityBareJid bot;

    @Activate
    public WeatherBot(@Reference WeatherService weather, @Reference StanzaRouter routers,
            @Reference ServerInfo server, WeatherConfig config) {
        this.weather = weather;
        this.routers = routers;
        this.bot = JidCreate.entityBareFromOrThrowUnchecked(config.bot_name() + "@" + server.domain());
    }

    @Override
    public Verdict intercept(Stanza message, Session sender) {
        Jid to = message.to();
        if (to == null || !to.asBareJid().equals(bot)) {
            return Verdict.pass(message);
        }
        if (message.is(MessageType.ERROR) || message.is(MessageType.GROUPCHAT) || message.is(MessageType.HEADLINE)) {
            return Verdict.drop();
        }
        Optional<String> body = message.body().map(String::strip);
        if (body.isEmpty()) {
            return Verdict.drop(); // chat states and receipts need no answer
        }
        String city = body.get();
        boolean chinese = isChinese(city, message.element().attribute("xml:lang"), sender.language());
        String language = chinese ? "zh" : "en";
        if (city.isEmpty() || city.length() > MAX_CITY || isHelp(city)) {
            answer(message, texts.text("bot.help").in(language));
            return Verdict.drop();
        }
        weather.report(city, chinese).whenComplete((report, failure) -> {
            if (report != null) {
                answer(message, report.text(chinese));
                return;
            }
            WeatherException e = WeatherService.cause(failure);
            answer(message, switch (e.kind()) {
                case NO_SUCH_PLACE -> texts.text("bot.no.such.place", city).in(language);
                case UNREACHABLE -> texts.text("unreachable").in(language);
            });
        });
        return Verdict.drop();
    }

    /** Whether the message asks for help: one of the help words of any language. */
    private boolean isHelp(String text) {
        LocalizedText words = texts.text("bot.help.words");
        return Arrays.asList((words.english() + " " + words.in("zh")).split(" ")).contains(text.toLowerCase(Locale.ROOT));
    }

    /** Chinese when the city is written in Chinese characters, or the message or stream says zh. */
    static boolean isChinese(String text, String messageLanguage, String streamLanguage) {
        if (text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
            return true;
        }
        String lang = messageLanguage != null ? messageLanguage : streamLanguage;
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    private void answer(Stanza request, String text) {
        Stanza reply = Stanza.create(Stanza.Kind.MESSAGE, bot, request.from(), request.messageType(), Stanza.newId(),
                List.of(Element.builder("body", Namespaces.CLIENT).text(text).build()));
        StanzaRouter router = routers;
        router.route(reply);
    }
}
