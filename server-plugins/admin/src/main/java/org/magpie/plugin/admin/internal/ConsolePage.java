package org.magpie.plugin.admin.internal;

import java.time.Duration;
import java.util.List;

/** The console's one page, rendered on the server: figures, plugins with switches, who is online. */
final class ConsolePage {

    record Figures(String domain, String version, Duration uptime, int sessions, long accounts, long heapUsedMb,
            long heapMaxMb) {
    }

    record PluginRow(String name, String version, boolean enabled, boolean switchable) {
    }

    record SessionRow(String jid, String address, boolean secure, String show) {
    }

    private ConsolePage() {
    }

    static String render(Figures f, List<PluginRow> plugins, List<SessionRow> sessions, String csrf, String message) {
        StringBuilder b = new StringBuilder(4096);
        b.append("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Magpie administration</title>
                <style>
                body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
                header{background:#1f4e79;color:#fff;padding:14px 28px;font-size:20px}
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
        b.append("<header>Magpie administration · ").append(esc(f.domain())).append("</header><main>");
        if (message != null) {
            b.append("<div class=\"message\">").append(esc(message)).append("</div>");
        }
        b.append("<section class=\"wide\"><h2>Server</h2><div class=\"figures\">");
        figure(b, "Version", f.version());
        figure(b, "Up for", uptime(f.uptime()));
        figure(b, "Online sessions", Integer.toString(f.sessions()));
        figure(b, "Accounts", Long.toString(f.accounts()));
        figure(b, "Heap", f.heapUsedMb() + " / " + f.heapMaxMb() + " MB");
        b.append("</div></section>");

        b.append("<section><h2>Plugins</h2><table><tr><th>Plugin</th><th>Version</th><th>State</th><th></th></tr>");
        for (PluginRow p : plugins) {
            b.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(esc(p.version())).append("</td><td class=\"")
                    .append(p.enabled() ? "on\">enabled" : "off\">disabled").append("</td><td>");
            if (p.switchable()) {
                b.append("<form method=\"post\" action=\"/plugins\"><input type=\"hidden\" name=\"csrf\" value=\"").append(csrf)
                        .append("\"><input type=\"hidden\" name=\"plugin\" value=\"").append(esc(p.name()))
                        .append("\"><input type=\"hidden\" name=\"enabled\" value=\"").append(!p.enabled()).append("\">")
                        .append(p.enabled() ? "<button class=\"off\">Disable</button>" : "<button>Enable</button>")
                        .append("</form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");

        b.append("<section><h2>Online (").append(sessions.size()).append(")</h2><table><tr><th>Address</th><th>From</th><th>TLS</th><th>Status</th></tr>");
        for (SessionRow s : sessions) {
            b.append("<tr><td>").append(esc(s.jid())).append("</td><td>").append(esc(s.address())).append("</td><td>")
                    .append(s.secure() ? "yes" : "no").append("</td><td>").append(esc(s.show())).append("</td></tr>");
        }
        b.append("</table></section></main></body></html>");
        return b.toString();
    }

    private static void figure(StringBuilder b, String label, String value) {
        b.append("<div class=\"figure\">").append(esc(label)).append("<b>").append(esc(value)).append("</b></div>");
    }

    private static String uptime(Duration d) {
        return d.toDays() > 0 ? d.toDays() + " d " + d.toHoursPart() + " h" : d.toHours() + " h " + d.toMinutesPart() + " min";
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
