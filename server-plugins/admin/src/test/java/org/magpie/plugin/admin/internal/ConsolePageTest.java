package org.magpie.plugin.admin.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.text.Texts;

class ConsolePageTest {

    private static final ConsolePage.Figures FIGURES = new ConsolePage.Figures("example.org", "1.0", Duration.ofHours(30),
            1, 7, 100, 512);
    private static final List<ConsolePage.PluginRow> PLUGINS = List.of(new ConsolePage.PluginRow("weather", "1.0", true, true),
            new ConsolePage.PluginRow("admin", "1.0", true, false));
    private static final List<ConsolePage.SessionRow> SESSIONS = List.of(
            new ConsolePage.SessionRow("ann@example.org/desk", "127.0.0.1", true, "dnd"),
            new ConsolePage.SessionRow("bob@example.org/<b>", "127.0.0.1", false, "<odd>"));

    private final Texts texts = Texts.of(ConsolePage.class);

    @Test
    void aChineseReaderGetsChineseLabelsAndTheLanguageTag() {
        String page = new ConsolePage(texts, "zh").render(FIGURES, PLUGINS, SESSIONS, "0af", "插件 weather 已停用。");
        assertTrue(page.startsWith("<!DOCTYPE html><html lang=\"zh-CN\">"), page);
        for (String label : List.of("<title>Magpie 管理</title>", "在线会话", "1 天 6 小时", "100 / 512 MB", "已启用",
                "<button class=\"off\">停用</button>", "在线（2）", "<td>请勿打扰</td>", ">English</a>",
                "action=\"/plugins?lang=zh\"")) {
            assertTrue(page.contains(label), label + " in " + page);
        }
        for (String english : List.of("Online sessions", ">Disable<", ">enabled<", ">busy<", ">Plugins<")) {
            assertFalse(page.contains(english), "no English label " + english);
        }
    }

    @Test
    void anEnglishReaderGetsEnglishLabelsAndWhatComesFromOutsideIsEscaped() {
        String page = new ConsolePage(texts, "en").render(FIGURES, PLUGINS, SESSIONS, "0af", null);
        assertTrue(page.startsWith("<!DOCTYPE html><html lang=\"en\">"), page);
        for (String label : List.of("<title>Magpie administration</title>", "Online sessions", "1 d 6 h", "Online (2)",
                "<td>busy</td>", ">中文</a>", "bob@example.org/&lt;b&gt;", "<td>&lt;odd&gt;</td>")) {
            assertTrue(page.contains(label), label + " in " + page);
        }
    }
}
