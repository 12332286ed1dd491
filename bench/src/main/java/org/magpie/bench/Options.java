package org.magpie.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options: {@code --name value} pairs with defaults; {@link #usage()} lists them. */
final class Options {

    private static final String[][] DEFAULTS = {
        {"host", "127.0.0.1", "server address"},
        {"port", "5222", "client-to-server port"},
        {"domain", "localhost", "XMPP domain of the accounts"},
        {"users", "0", "upper bound of accounts the run may create (0: what the scenarios need)"},
        {"password", "Bench2026pass", "password of every bench account (letters and digits, 8+)"},
        {"prefix", "bench", "account names are <prefix><n>"},
        {"scenario", "login,idle,chat,muc,mam,upload", "comma list of: login idle chat muc mam upload"},
        {"rate", "5000", "fixed offered 1:1 rate, messages/s"},
        {"duration", "10", "seconds each measured phase lasts"},
        {"warmup", "3", "seconds of load before each measured phase (JIT, caches)"},
        {"name", "server", "label of the server in the report"},
        {"out", "", "write the JSON report to this file"},
        {"server-pid", "0", "pid of the server process: RSS and CPU from /proc"},
        {"server-core", "-1", "the core the server is pinned to: reports what other processes used of it"},
        {"jcmd", "", "path of jcmd for a JVM server: heap after GC, JFR"},
        {"jfr", "", "record a JFR profile of the server (needs jcmd) during the 1:1 scenario into this file"},
        {"sources", "20", "loopback source addresses 127.0.0.1..N to spread connections over"},
        {"mechanisms", "SCRAM-SHA-1,SCRAM-SHA-256", "SASL mechanisms measured by the login scenario"},
        {"login-concurrency", "32", "parallel logins in the login scenario"},
        {"idle", "5000,10000,max", "idle session counts; max = the open-file limit minus a margin"},
        {"fd-margin", "600", "open files kept free below the limit when counting 'max'"},
        {"pairs", "50", "sender/receiver pairs in the 1:1 scenario"},
        {"window", "16", "messages in flight per pair (1:1) or per sender (rooms) at saturation"},
        {"rooms", "100,1000", "room sizes of the group fan-out scenario"},
        {"room-delivery-rate", "10000", "fixed offered deliveries/s in rooms (messages/s x occupants)"},
        {"room-senders", "10", "occupants that send in each room"},
        {"mam-messages", "10000", "messages stored before the history queries"},
        {"mam-queries", "200", "history queries per kind"},
        {"upload-files", "16", "files uploaded and downloaded"},
        {"upload-size", "4194304", "bytes per file"},
        {"register-concurrency", "16", "parallel in-band registrations"},
        {"chat-archive", "true", "true: servers archive 1:1 messages as configured (equal settings); false: MAM prefs 'never'"},
    };

    private final Map<String, String> values = new LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();

    Options(String[] args) {
        for (String[] d : DEFAULTS) {
            values.put(d[0], d[1]);
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + key + " needs a value");
                    }
                    value = args[++i];
                }
                if (!values.containsKey(key)) {
                    throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
                }
                values.put(key, value);
            } else {
                positional.add(a);
            }
        }
    }

    String get(String key) {
        return values.get(key);
    }

    int integer(String key) {
        return Integer.parseInt(values.get(key).trim());
    }

    long number(String key) {
        return Long.parseLong(values.get(key).trim());
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.get(key).trim());
    }

    List<String> list(String key) {
        List<String> l = new ArrayList<>();
        for (String s : values.get(key).split(",")) {
            if (!s.isBlank()) {
                l.add(s.trim());
            }
        }
        return l;
    }

    Map<String, String> all() {
        return values;
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("""
                usage: java -jar magpie-bench.jar [--option value ...]
                       java -jar magpie-bench.jar compare --out BENCHMARKS-table.md magpie.json prosody.json ejabberd.json
                options:
                """);
        for (String[] d : DEFAULTS) {
            sb.append(String.format("  --%-22s %s (default: %s)%n", d[0], d[2], d[1].isEmpty() ? "none" : d[1]));
        }
        return sb.toString();
    }
}
