package org.magpie.plugin.weather.internal;

import org.magpie.server.api.Intercepts;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaRouter;
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
        String type = message.type();
        if ("error".equals(type) || "groupchat".equals(type) || "headline".equals(type)) {
            return Verdict.drop();
        }
        Optional<String> body = message.body().map(String::strip);
        if (body.isEmpty()) {
            return Verdict.drop(); // chat states and receipts need no answer
        }
        String city = body.get();
        boolean chinese = isChinese(city, message.element().attribute("xml:lang"), sender.language());
        if (city.isEmpty() || city.length() > MAX_CITY || List.of("help", "?", "帮助", "？").contains(city.toLowerCase(Locale.ROOT))) {
            answer(message, chinese ? "请发送城市名称（例如：北京、上海、Berlin），我会告诉您那里的天气。"
                    : "Send me the name of a city (for example Beijing, Shanghai or Berlin) and I will tell you its weather.");
            return Verdict.drop();
        }
        weather.report(city, chinese).whenComplete((report, failure) -> {
            if (report != null) {
                answer(message, report.text(chinese));
                return;
            }
            WeatherException e = WeatherService.cause(failure);
            answer(message, switch (e.kind()) {
                case NO_SUCH_PLACE -> chinese ? "找不到名为“" + city + "”的地方，请换个写法试试。"
                        : "I do not know a place called \"" + city + "\". Please try another spelling.";
                case UNREACHABLE -> chinese ? "天气服务暂时无法访问，请稍后再试。"
                        : "The weather service is unreachable just now. Please try again later.";
            });
        });
        return Verdict.drop();
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
        String type = request.type() == null ? "normal" : request.type();
        Stanza reply = Stanza.create(Stanza.Kind.MESSAGE, bot, request.from(), type, Stanza.newId(),
                List.of(Element.builder("body", Namespaces.CLIENT).text(text).build()));
        StanzaRouter router = routers;
        router.route(reply);
    }
}
