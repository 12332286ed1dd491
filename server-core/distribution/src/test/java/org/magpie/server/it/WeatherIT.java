package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The weather bot as a user meets it: a city name in a chat to weather@domain gets the weather back,
 * in Chinese for a Chinese city name; an unknown place and an unreachable provider get clear answers
 * within the timeout; the same as an ad-hoc command (XEP-0050) with a result form. The provider is
 * a local stub in the Open-Meteo shape.
 */
class WeatherIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static HttpServer provider;
    private static volatile boolean providerDown;
    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/geo", x -> {
            String q = x.getRequestURI().getQuery();
            send(x, q.contains("name=Berlin") || q.contains("name=柏林")
                    ? "{\"results\":[{\"name\":\"" + (q.contains("柏林") ? "柏林" : "Berlin") + "\",\"latitude\":52.5,\"longitude\":13.4,\"country\":\"Germany\"}]}"
                    : "{}");
        });
        provider.createContext("/forecast", x -> send(x, """
                {"current":{"temperature_2m":21.2,"relative_humidity_2m":40,"weather_code":0,"wind_speed_10m":5},
                 "daily":{"time":["2026-11-24"],"weather_code":[0],"temperature_2m_max":[23],"temperature_2m_min":[12]}}"""));
        provider.start();
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        server = InProcessServer.start(tmp, Map.of("weather.geocoding.url", base + "/geo",
                "weather.forecast.url", base + "/forecast", "weather.timeout.seconds", "2", "weather.cache.minutes", "0"));
        server.register("wendy", PASSWORD, "Wendy");
    }

    private static void send(HttpExchange x, String json) throws IOException {
        if (providerDown) {
            x.sendResponseHeaders(503, -1);
            x.close();
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        provider.stop(0);
    }

    @Test
    void theBotAnswersACityInTheLanguageItWasAskedIn() throws Exception {
        assertTrue(ask("Berlin").startsWith("Berlin (Germany): clear sky, 21 °C, humidity 40%, wind 5 km/h\n2026-11-24: clear sky, 12 °C ~ 23 °C"));
        assertTrue(ask("柏林").startsWith("柏林（Germany）：晴，21 °C，湿度 40%"));
    }

    @Test
    void anUnknownPlaceAndAnUnreachableProviderGetClearAnswers() throws Exception {
        assertTrue(ask("Atlantis").contains("I do not know a place called \"Atlantis\""));
        providerDown = true;
        try {
            assertEquals("The weather service is unreachable just now. Please try again later.", ask("Berlin"));
            assertEquals("天气服务暂时无法访问，请稍后再试。", ask("北京"));
        } finally {
            providerDown = false;
        }
    }

    @Test
    void helpExplainsWhatToSend() throws Exception {
        assertTrue(ask("help").startsWith("Send me the name of a city"));
    }

    @Test
    void theWeatherCommandAsksForACityAndAnswersWithAResultForm() throws Exception {
        XMPPTCPConnection c = server.login("wendy", PASSWORD, "desk");
        try {
            AdHocCommandManager commands = AdHocCommandManager.getAddHocCommandsManager(c);
            DomainBareJid domain = JidCreate.domainBareFrom(InProcessServer.DOMAIN);
            DiscoverItems listed = commands.discoverCommands(domain);
            assertTrue(listed.getItems().stream().anyMatch(i -> "weather".equals(i.getNode())), "listed in disco");
            assertTrue(ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(domain, "weather")
                    .containsFeature("http://jabber.org/protocol/commands"), "the node is described");

            RemoteCommand weather = commands.getRemoteCommand(domain, "weather");
            weather.execute();
            assertEquals(AdHocCommand.Status.executing, weather.getStatus());
            FillableForm form = new FillableForm(weather.getForm());
            form.setAnswer("city", "Berlin");
            weather.complete(form);
            assertEquals(AdHocCommand.Status.completed, weather.getStatus());
            DataForm result = weather.getForm();
            assertEquals("Berlin", result.getField("place").getFirstValue());
            assertEquals("21", result.getField("temperature").getFirstValue());
            assertEquals("clear sky", result.getField("conditions").getFirstValue());

            RemoteCommand nowhere = commands.getRemoteCommand(domain, "weather");
            nowhere.execute();
            FillableForm atlantis = new FillableForm(nowhere.getForm());
            atlantis.setAnswer("city", "Atlantis");
            nowhere.complete(atlantis);
            assertEquals(AdHocCommandNote.Type.error, nowhere.getNotes().get(0).getType());
            assertTrue(nowhere.getNotes().get(0).getValue().contains("Atlantis"));
            assertEquals("no-such-place", nowhere.getForm().getField("error").getFirstValue());

            XMPPErrorException unknown = assertThrows(XMPPErrorException.class,
                    () -> commands.getRemoteCommand(domain, "no-such-command").execute());
            assertEquals(StanzaError.Condition.item_not_found, unknown.getStanzaError().getCondition());
        } finally {
            c.disconnect();
        }
    }

    private static String ask(String text) throws Exception {
        EntityBareJid bot = JidCreate.entityBareFrom("weather@" + InProcessServer.DOMAIN);
        XMPPTCPConnection c = server.login("wendy", PASSWORD, "desk");
        try (StanzaCollector answers = c.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createBare(bot)))) {
            c.sendStanza(c.getStanzaFactory().buildMessageStanza().to(bot).ofType(Message.Type.chat).setBody(text).build());
            Message answer = answers.nextResult(10_000);
            assertNotNull(answer, "the bot answered " + text);
            return answer.getBody();
        } finally {
            c.disconnect();
        }
    }
}
