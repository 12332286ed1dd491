package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.model.NoticesPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.model.WeatherPresenter;
import org.magpie.client.service.Announcement;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Weather;

/**
 * The administration, weather-line and server-notice presenters without a display or a server: input
 * checks, the server's words in outcomes, the plugin table reloaded after a switch; the weather line's
 * texts in English and Chinese and when it asks again (a clock the test moves); the filter's and
 * announcements' texts.
 */
class ServerFeaturesPresenterTest {

    private final FakeServerFeatures server = new FakeServerFeatures();
    private final List<String> seen = new ArrayList<>();

    // ------------------------------------------------------------------ administration

    private AdministrationPresenter admin(Locale locale) {
        return new AdministrationPresenter(server, new Texts(locale), Runnable::run, new AdministrationPresenter.View() {
            @Override
            public void plugins(List<PluginInfo> plugins) {
                seen.add("plugins " + plugins.stream().map(p -> p.name() + (p.enabled() ? "+" : "-")).toList());
            }

            @Override
            public void busy(Task task, boolean busy) {
                seen.add((busy ? "busy " : "idle ") + task);
            }

            @Override
            public void outcome(Task task, boolean ok, String text) {
                seen.add((ok ? "ok " : "failed ") + task + ": " + text);
            }
        });
    }

    private static PluginInfo plugin(String name, boolean on) {
        return new PluginInfo(name, "0.1.0", on, !name.equals("admin"));
    }

    @Test
    void pluginsAreListedByNameAndTheTableIsLoadedAgainAfterASwitch() {
        AdministrationPresenter p = admin(Locale.ENGLISH);
        p.refresh();
        server.last("plugins").complete(List.of(plugin("weather", true), plugin("admin", true), plugin("filter", true)));
        assertEquals(List.of("busy PLUGINS", "idle PLUGINS", "plugins [admin+, filter+, weather+]"), seen);
        seen.clear();

        assertEquals("Switch off the plugin \u201cweather\u201d? Its features stop for everybody at once; nobody is logged out.",
                p.disableQuestion("weather"));
        p.switchPlugin("weather", false);
        assertEquals(List.of("weather", "false"), server.last("switchPlugin").args());
        server.last("switchPlugin").complete("The plugin weather is disabled.");
        server.last("plugins").complete(List.of(plugin("weather", false), plugin("admin", true)));
        assertEquals(List.of("busy PLUGINS", "idle PLUGINS", "ok PLUGINS: The plugin weather is disabled.", "busy PLUGINS",
                "idle PLUGINS", "plugins [admin+, weather-]"), seen);
        seen.clear();

        p.switchPlugin("commands", false);
        server.last("switchPlugin").fail(new ServiceException(FailureKind.OTHER,
                "The commands plugin runs the administration commands and cannot be switched off from them."));
        assertEquals("failed PLUGINS: The commands plugin runs the administration commands and cannot be switched off from them.",
                seen.get(2));
        assertEquals(2, server.count("plugins"), "no reload after a refusal");
    }

    @Test
    void userTasksAreCheckedFirstAndTellTheServersWordsOrOurOwn() {
        AdministrationPresenter p = admin(Locale.ENGLISH);
        p.addUser("bob", "", "", "Bob");
        p.addUser("bob", "first1234", "first12345", "Bob");
        p.changePassword(" ", "x", "x");
        p.deleteUsers("  \n ");
        p.announce("Subject", " ");
        assertEquals(List.of("failed ADD_USER: Password is required.",
                "failed ADD_USER: The two passwords are not the same.",
                "failed CHANGE_PASSWORD: Account is required.",
                "failed DELETE_USERS: Accounts is required.",
                "failed ANNOUNCE: Announcement is required."), seen);
        assertEquals(0, server.calls.size(), "nothing reached the server");
        seen.clear();

        p.addUser(" bob ", "first1234", "first1234", " Bob 鲍勃 ");
        assertEquals(List.of("bob", "first1234", "Bob 鲍勃"), server.last("addUser").args());
        server.last("addUser").fail(new ServiceException(FailureKind.OTHER, "The account bob exists already."));
        p.changePassword("bob", "second1234", "second1234");
        server.last("changePassword").complete(null); // no note: our own words
        assertEquals(List.of("busy ADD_USER", "idle ADD_USER", "failed ADD_USER: The account bob exists already.",
                "busy CHANGE_PASSWORD", "idle CHANGE_PASSWORD", "ok CHANGE_PASSWORD: The password of bob was changed."), seen);

        assertEquals(List.of("bob", "carol@example.com", "dave"), AdministrationPresenter.accounts("bob\ncarol@example.com, dave\nbob\n"));
        assertEquals("Delete bob, carol for good? Their contacts, history and settings go with them. This cannot be undone.",
                p.deleteQuestion("bob\ncarol"));
        assertNull(p.deleteQuestion(" "));
        p.endSessions("bob carol");
        assertEquals(List.of("bob", "carol"), server.last("endSessions").args());
        p.announce(" ", "Maintenance tonight\nat 22:00 ");
        assertEquals(List.of("null", "Maintenance tonight\nat 22:00"), server.last("announce").args());
        server.last("announce").fail(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals("failed ANNOUNCE: The server cannot be reached. Check your network.", seen.get(seen.size() - 1));
    }

    @Test
    void inChineseTheChecksAndQuestionsAreChinese() {
        AdministrationPresenter p = admin(Locale.SIMPLIFIED_CHINESE);
        p.addUser("", "a", "a", "n");
        assertEquals("failed ADD_USER: 请填写账号。", seen.get(0));
        assertEquals("永久删除 bob、carol？其好友、聊天记录和设置将一并删除，无法恢复。", p.deleteQuestion("bob\ncarol"));
        assertEquals("停用插件“weather”？其功能将立即对所有人停止，但不会有人被迫下线。", p.disableQuestion("weather"));
    }

    // ------------------------------------------------------------------ weather line

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-05-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }
    }

    private final MovingClock clock = new MovingClock();

    private WeatherPresenter weather(Locale locale) {
        return new WeatherPresenter(server, new Texts(locale), clock, Runnable::run, new WeatherPresenter.View() {
            @Override
            public void show(String text, String tooltip) {
                seen.add(text + " | " + tooltip.replace('\n', '/'));
            }

            @Override
            public void hide() {
                seen.add("hidden");
            }
        });
    }

    static Weather beijing() {
        return new Weather("北京", "China", 21, "晴", 0, "北京（China）：晴，21 °C，湿度 40%",
                List.of("2026-05-01：晴，12 °C ~ 23 °C", "2026-05-02：小雨，11 °C ~ 19 °C"));
    }

    @Test
    void theWeatherLineSaysPlaceConditionsAndTemperatureWithTheForecastAsTooltip() {
        WeatherPresenter zh = weather(Locale.SIMPLIFIED_CHINESE);
        assertEquals("北京 晴 21°C", zh.text(beijing()));
        assertEquals("北京（China）：晴，21 °C，湿度 40%\n2026-05-01：晴，12 °C ~ 23 °C\n2026-05-02：小雨，11 °C ~ 19 °C",
                zh.tooltip(beijing()));
        WeatherPresenter en = weather(Locale.ENGLISH);
        Weather cold = new Weather("Harbin", "China", -18, "snow fall", 73, "", List.of());
        assertEquals("Harbin: snow fall, -18°C", en.text(cold));
        assertEquals("Harbin: snow fall, -18°C", en.tooltip(cold), "without a summary the line itself");
    }

    @Test
    void theWeatherIsAskedWhenOnlineWithACityAndAgainAfterHalfAnHourOrWhenTheCityChanges() {
        WeatherPresenter p = weather(Locale.SIMPLIFIED_CHINESE);
        p.city("北京");
        assertEquals(0, server.count("weather"), "not while offline");
        p.online(true);
        assertEquals(List.of("北京"), server.last("weather").args());
        p.tick();
        assertEquals(1, server.count("weather"), "one question at a time");
        server.last("weather").complete(beijing());
        assertEquals("北京 晴 21°C | 北京（China）：晴，21 °C，湿度 40%/2026-05-01：晴，12 °C ~ 23 °C/2026-05-02：小雨，11 °C ~ 19 °C",
                seen.get(0));
        assertEquals(clock.now.plus(WeatherPresenter.REFRESH), p.due());

        clock.pass(Duration.ofMinutes(29));
        p.tick();
        assertEquals(1, server.count("weather"), "not yet");
        clock.pass(Duration.ofMinutes(1));
        p.tick();
        assertEquals(2, server.count("weather"), "after 30 minutes");
        server.last("weather").complete(beijing());

        p.city("上海");
        assertEquals(List.of("上海"), server.last("weather").args(), "a new city at once");
        p.city("北京"); // changed again before the answer: the answer for 上海 is not shown
        server.calls.get(2).complete(new Weather("上海", "", 25, "多云", 3, "", List.of()));
        assertEquals(2, seen.size(), "the stale answer was dropped: " + seen);
        server.last("weather").complete(beijing());
        assertEquals(3, seen.size());

        p.city(" ");
        assertEquals("hidden", seen.get(3));
        clock.pass(Duration.ofHours(2));
        p.tick();
        assertEquals(4, server.count("weather"), "no city, no weather");
    }

    @Test
    void anUnknownCityAnUnreachableServiceAndASwitchedOffPluginAreToldShortlyAndAskedAgainSooner() {
        WeatherPresenter p = weather(Locale.ENGLISH);
        p.online(true);
        p.city("Atlantis");
        server.last("weather").fail(new ServiceException(FailureKind.INVALID_INPUT, "There is no place called \"Atlantis\"."));
        assertEquals("Weather: no place called \u201cAtlantis\u201d | There is no place called \"Atlantis\".", seen.get(0));
        assertEquals(clock.now.plus(WeatherPresenter.RETRY), p.due());

        p.city("Berlin");
        server.last("weather").fail(new ServiceException(FailureKind.UNREACHABLE,
                "The weather service is unreachable just now. Please try again later."));
        assertEquals("Weather: service unreachable | The weather service is unreachable just now. Please try again later.", seen.get(1));
        clock.pass(WeatherPresenter.RETRY);
        p.tick();
        server.last("weather").fail(new ServiceException(FailureKind.UNAVAILABLE, null));
        assertEquals("hidden", seen.get(2), "the plugin is off: no line");
        clock.pass(WeatherPresenter.RETRY);
        p.tick();
        server.last("weather").complete(new Weather("Berlin", "Germany", 21, "clear sky", 0, "Berlin (Germany): clear sky, 21 °C", List.of()));
        assertEquals("Berlin: clear sky, 21°C | Berlin (Germany): clear sky, 21 °C", seen.get(3), "back when the plugin is on again");

        p.online(false);
        assertEquals("hidden", seen.get(4));
        p.online(true);
        assertEquals(5, server.count("weather"), "asked again at once after a login");
    }

    // ------------------------------------------------------------------ filter and announcements

    private NoticesPresenter notices(Locale locale) {
        return new NoticesPresenter(new FakeMessagingService(), new Texts(locale), Runnable::run, new NoticesPresenter.View() {
            @Override
            public void chatNotice(String conversation, String text) {
                seen.add(conversation + ": " + text);
            }

            @Override
            public void announcement(String title, String text) {
                seen.add(title + " / " + text);
            }
        });
    }

    @Test
    void theSenderIsToldWhatTheFilterDidInHisLanguageAndAnnouncementsHaveATitle() {
        ChatMessage sent = new ChatMessage("bob@localhost", "alice@localhost", "Alice", "x", Instant.now(), true);
        NoticesPresenter en = notices(Locale.ENGLISH);
        en.messageFiltered(sent, new FilterNotice(FilterNotice.Action.MASKED, List.of("shit", "傻逼"), "server words"));
        en.messageFiltered(sent, new FilterNotice(FilterNotice.Action.BLOCKED, List.of("内部机密"), null));
        en.messageFiltered(sent, new FilterNotice(FilterNotice.Action.BLOCKED, List.of(), null));
        en.announcementReceived(new Announcement("localhost", "Maintenance", "Tonight at 22:00", Instant.now()));
        en.announcementReceived(new Announcement("localhost", null, "Hello", Instant.now()));
        NoticesPresenter zh = notices(Locale.SIMPLIFIED_CHINESE);
        zh.messageFiltered(sent, new FilterNotice(FilterNotice.Action.MASKED, List.of("shit", "傻逼"), null));
        zh.messageFiltered(sent, new FilterNotice(FilterNotice.Action.BLOCKED, List.of("内部机密"), null));
        zh.announcementReceived(new Announcement("localhost", "维护通知", "今晚 22:00 服务器维护", Instant.now()));
        assertEquals(List.of(
                "bob@localhost: Some words were replaced by * (shit, 傻逼).",
                "bob@localhost: Not delivered: contains words that are not allowed (内部机密).",
                "bob@localhost: Not delivered: contains words that are not allowed.",
                "Announcement: Maintenance / Maintenance\n\nTonight at 22:00",
                "Announcement / Hello",
                "bob@localhost: 部分词语已被替换为 *（shit、傻逼）。",
                "bob@localhost: 未送达：含有不允许使用的词语（内部机密）。",
                "公告：维护通知 / 维护通知\n\n今晚 22:00 服务器维护"), seen);
    }
}
