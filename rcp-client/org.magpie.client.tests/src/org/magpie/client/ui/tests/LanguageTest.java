package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.preferences.LanguagePreference;
import org.magpie.client.ui.preferences.LanguagePreference.Language;

/** The language preference and the UI texts in both languages (no display needed). */
class LanguageTest {

    private Locale before;
    private String nlBefore;
    private IEclipsePreferences node;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
        nlBefore = System.getProperty("osgi.nl");
        node = InstanceScope.INSTANCE.getNode("org.magpie.client.tests.language");
    }

    @AfterEach
    void restore() throws Exception {
        Locale.setDefault(before);
        if (nlBefore == null) {
            System.clearProperty("osgi.nl");
        } else {
            System.setProperty("osgi.nl", nlBefore);
        }
        node.removeNode();
    }

    @Test
    void systemDefaultLeavesTheLocaleAlone() {
        LanguagePreference preference = new LanguagePreference(node);
        assertEquals(Language.SYSTEM, preference.get());
        Locale.setDefault(Locale.GERMANY);
        assertEquals(Locale.GERMANY, preference.applyAtStartup());
        assertEquals(Locale.GERMANY, Locale.getDefault());
    }

    @Test
    void chineseIsStoredAndAppliedAtStartup() {
        new LanguagePreference(node).set(Language.SIMPLIFIED_CHINESE);
        assertEquals("zh-CN", node.get(LanguagePreference.KEY, null));

        Locale.setDefault(Locale.US);
        Locale applied = new LanguagePreference(node).applyAtStartup();
        assertEquals(Locale.SIMPLIFIED_CHINESE, applied);
        assertEquals(Locale.SIMPLIFIED_CHINESE, Locale.getDefault());
        assertEquals("zh_CN", System.getProperty("osgi.nl"));
        assertEquals("离线", new Messages(applied).get("status.OFFLINE"));

        new LanguagePreference(node).set(Language.SYSTEM);
        assertEquals(null, node.get(LanguagePreference.KEY, null));
    }

    @Test
    void englishEvenOnAChineseSystem() {
        new LanguagePreference(node).set(Language.ENGLISH);
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
        Locale applied = new LanguagePreference(node).applyAtStartup();
        assertEquals("Offline", new Messages(applied).get("status.OFFLINE"));
    }

    @Test
    void everyEnglishTextHasAChineseOne() {
        Messages en = new Messages(Locale.ENGLISH);
        Messages zh = new Messages(Locale.SIMPLIFIED_CHINESE);
        assertEquals("Chat with Bob", en.get("chat.with", "Bob"));
        assertEquals("与 Bob 聊天", zh.get("chat.with", "Bob"));
        assertEquals("no.such.key", en.get("no.such.key"));
        java.util.ResourceBundle base = java.util.ResourceBundle.getBundle("org.magpie.client.ui.messages",
                Locale.ROOT, Messages.class.getClassLoader());
        for (String key : base.keySet()) {
            String chinese = zh.get(key);
            if (!key.equals("status.account")) {
                org.junit.jupiter.api.Assertions.assertNotEquals(en.get(key), chinese, key + " is not translated");
            }
        }
    }
}
