package org.magpie.plugin.admin.internal;

import java.time.Duration;
import java.util.List;

import org.magpie.server.api.text.Texts;

/**
 * The console's one page, rendered on the server: figures, plugins with switches, who is online.
 * Every label comes from the plugin's texts in the reader's language (see {@link ConsoleLanguage}).
 */
final class ConsolePage {

    record Figures(String domain, String version, Duration uptime, int sessions, long accounts, long heapUsedMb,
            long heapMaxMb) {
    }

    record PluginRow(String name, String version, boolean enabled, boolean switchable) {
    }

    /** {@code show} is the presence's show value, {@code available} without one, {@code null} without presence. */
    record SessionRow(String jid, String address, boolean secure, String show) {
    }

    private final Texts texts;
    private final String language;

    ConsolePage(Texts texts, String language) {
        this.texts = texts;
        this.language = language;
    }

    String render(Figures f, List<PluginRow> plugins, List<SessionRow> sessions, String csrf, String message) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html><html lang=\"").append(ConsoleLanguage.htmlTag(language))
                .append("\"><head><meta charset=\"utf-8\"><title>").append(label("console.title")).append("</title>");
        b.append("""
                <style>
                body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
                header{background:#1f4e79;color:#fff;padding:14px 28px;font-size:20px;display:flex;justify-content:space-between}
                header a{color:#fff;font-size:14px}
                main{padding:20px 28px;display:grid;gap:20px;grid-template-columns:1fr 1fr}
                section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:16px 20px}
                section.wide{grid-column:1/3}
                h2{font-size:16px;margin:0 0 12px}
                table{border-collapse:collapse;width:100%}
                td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e8ee;font-size:14px}
                .on{color:#1a7f37;font-weight:600}.off{color:#8c959f;font-weight:600}
                .figures{display:flex;gap:16px;flex-wrap:wrap}
                .figure{background:#eef3f8;border-radius:6px;padding:10px 14px;min-width:120px}
                .figure b{display:block;font-size:22px}
                button{border:0;border-radius:4px;padding:5px 12px;cursor:pointer;background:#1f4e79;color:#fff}
                button.off{background:#b42318;color:#fff}
                .message{grid-column:1/3;background:#fff8c5;border-radius:6px;padding:10px 14px}
                </style></head><body>""");
        String other = ConsoleLanguage.other(language);
        b.append("<header><span>").append(label("console.header", f.domain())).append("</span><a href=\"/?lang=")
                .append(other).append("\" lang=\"").append(ConsoleLanguage.htmlTag(other)).append("\">")
                .append(label("console.other.language")).append("</a></header><main>");
        if (message != null) {
            b.append("<div class=\"message\">").append(esc(message)).append("</div>");
        }
        b.append("<section class=\"wide\"><h2>").append(label("console.server")).append("</h2><div class=\"figures\">");
        figure(b, "console.version", f.version());
        figure(b, "console.up.for", uptime(f.uptime()));
        figure(b, "console.online.sessions", Integer.toString(f.sessions()));
        figure(b, "console.accounts", Long.toString(f.accounts()));
        figure(b, "console.heap", texts.text("console.heap.value", Long.toString(f.heapUsedMb()),
                Long.toString(f.heapMaxMb())).in(language));
        b.append("</div></section>");

        b.append("<section><h2>").append(label("console.plugins")).append("</h2><table><tr>");
        headings(b, "console.plugin", "console.version", "console.state", null);
        for (PluginRow p : plugins) {
            b.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(esc(p.version())).append("</td><td class=\"")
                    .append(p.enabled() ? "on\">" + label("console.enabled") : "off\">" + label("console.disabled"))
                    .append("</td><td>");
            if (p.switchable()) {
                b.append("<form method=\"post\" action=\"/plugins?lang=").append(language)
                        .append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(csrf)
                        .append("\"><input type=\"hidden\" name=\"plugin\" value=\"").append(esc(p.name()))
                        .append("\"><input type=\"hidden\" name=\"enabled\" value=\"").append(!p.enabled()).append("\">")
                        .append(p.enabled() ? "<button class=\"off\">" + label("console.disable") + "</button>"
                                : "<button>" + label("console.enable") + "</button>")
                        .append("</form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");

        b.append("<section><h2>").append(label("console.online", Integer.toString(sessions.size()))).append("</h2><table><tr>");
        headings(b, "console.address", "console.from", "console.tls", "console.status");
        for (SessionRow s : sessions) {
            b.append("<tr><td>").append(esc(s.jid())).append("</td><td>").append(esc(s.address())).append("</td><td>")
                    .append(label(s.secure() ? "console.yes" : "console.no")).append("</td><td>").append(show(s.show()))
                    .append("</td></tr>");
        }
        b.append("</table></section></main></body></html>");
        return b.toString();
    }

    private void headings(StringBuilder b, String... keys) {
        for (String key : keys) {
            b.append("<th>").append(key == null ? "" : label(key)).append("</th>");
        }
        b.append("</tr>");
    }

    private void figure(StringBuilder b, String key, String value) {
        b.append("<div class=\"figure\">").append(label(key)).append("<b>").append(esc(value)).append("</b></div>");
    }

    /** The presence shown as the reader's words; a show value no client should send is shown as it came. */
    private String show(String show) {
        if (show == null) {
            return label("console.show.none");
        }
        String key = "console.show." + show;
        return texts.has(key) ? label(key) : esc(show);
    }

    private String uptime(Duration d) {
        return d.toDays() > 0
                ? texts.text("console.uptime.days", Long.toString(d.toDays()), Integer.toString(d.toHoursPart())).in(language)
                : texts.text("console.uptime.hours", Long.toString(d.toHours()), Integer.toString(d.toMinutesPart())).in(language);
    }

    /** A label in the reader's language, escaped (its arguments may come from outside). */
    private String label(String key, Object... args) {
        return esc(texts.text(key, args).in(language));
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
