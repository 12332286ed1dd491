package org.magpie.plugin.weather.internal;

import org.magpie.server.api.text.Texts;

/**
 * The WMO weather interpretation codes the provider reports, in the two languages of the intranet
 * ({@code condition.<code>} in this package's messages).
 */
final class Conditions {

    private static final Texts TEXTS = Texts.of(Conditions.class);

    private Conditions() {
    }

    static String describe(int code, boolean chinese) {
        String key = "condition." + code;
        return (TEXTS.has(key) ? TEXTS.text(key) : TEXTS.text("condition.unknown", String.valueOf(code)))
                .in(chinese ? "zh" : "en");
    }
}
