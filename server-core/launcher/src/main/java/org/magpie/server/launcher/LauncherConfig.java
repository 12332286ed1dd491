package org.magpie.server.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's view of {@code conf/}: framework properties for Felix and the user-facing
 * settings of {@code conf/magpie.properties}, grouped into ConfigurationAdmin PIDs.
 *
 * <p>Rules (see the README for the user-facing version):
 * <ul>
 *   <li>{@code conf/framework.properties} holds OSGi/Felix properties and is handed to the framework.</li>
 *   <li>{@code conf/magpie.properties} holds {@code <section>.<key>} settings. {@code data.dir} becomes the
 *       framework property {@code magpie.data.dir}; every other key becomes property {@code <key>} of the
 *       configuration PID {@code org.magpie.<section>}. Empty values are left out, so the component's
 *       default applies.</li>
 *   <li>Values win in this order: file &lt; system property with the same key &lt; the caller's overrides.</li>
 *   <li>{@code ${name}} is replaced in both files by {@code magpie.home}, {@code magpie.data.dir}, any key
 *       of either file, or a system property (in this order); an unknown name is an error.</li>
 * </ul>
 */
public final class LauncherConfig {

    public static final String FRAMEWORK_FILE = "conf/framework.properties";
    public static final String SETTINGS_FILE = "conf/magpie.properties";
    public static final String LOGGING_FILE = "conf/logging.properties";

    public static final String HOME = "magpie.home";
    public static final String DATA_DIR = "magpie.data.dir";
    /** the key of {@code conf/magpie.properties} that becomes {@link #DATA_DIR} */
    public static final String DATA_DIR_SETTING = "data.dir";
    public static final String PID_PREFIX = "org.magpie.";
    /** always created: the core component requires it */
    public static final String SERVER_PID = PID_PREFIX + "server";

    static final String CLIENT_ADDRESS_SETTING = "server.client.address";
    static final String CLIENT_PORT_SETTING = "server.client.port";
    static final String DEFAULT_CLIENT_ADDRESS = "127.0.0.1";
    static final int DEFAULT_CLIENT_PORT = 5222;

    /** override / system property keys with these prefixes are framework properties */
    private static final List<String> FRAMEWORK_PREFIXES =
            List.of("org.osgi.", "felix.", "gosh.", "ds.", "obr.", "magpie.");
    /** sections a -D system property may address even when conf/magpie.properties does not mention them */
    private static final Set<String> KNOWN_SECTIONS = Set.of("server", "auth", "storage");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern SECTION = Pattern.compile("[A-Za-z0-9_-]+");

    private final Path home;
    private final Path dataDir;
    private final Map<String, String> frameworkProperties;
    private final Map<String, Map<String, String>> configurations;
    private final String clientAddress;
    private final int clientPort;
    private final Map<String, String> variables;

    private LauncherConfig(Path home, Path dataDir, Map<String, String> frameworkProperties,
            Map<String, Map<String, String>> configurations, String clientAddress, int clientPort,
            Map<String, String> variables) {
        this.home = home;
        this.dataDir = dataDir;
        this.frameworkProperties = frameworkProperties;
        this.configurations = configurations;
        this.clientAddress = clientAddress;
        this.clientPort = clientPort;
        this.variables = variables;
    }

    /** Reads {@code home/conf} with the JVM's system properties as the second layer. */
    public static LauncherConfig load(Path home, Map<String, String> overrides) throws IOException, LauncherException {
        return load(home, overrides, System.getProperties());
    }

    static LauncherConfig load(Path home, Map<String, String> overrides, Properties system)
            throws IOException, LauncherException {
        Path absHome = home.toAbsolutePath().normalize();
        Map<String, String> framework = read(absHome.resolve(FRAMEWORK_FILE));
        Map<String, String> settings = read(absHome.resolve(SETTINGS_FILE));

        // layer 2: system properties with a key the files know, or a framework prefix, or a section prefix
        Set<String> sections = new HashSet<>(KNOWN_SECTIONS);
        settings.keySet().forEach(k -> sections.add(section(k)));
        Map<String, String> layered = new LinkedHashMap<>();
        for (String key : system.stringPropertyNames()) {
            if (key.equals(HOME)) {
                continue;
            }
            if (framework.containsKey(key) || settings.containsKey(key) || key.equals(DATA_DIR_SETTING)
                    || hasFrameworkPrefix(key) || sections.contains(section(key))) {
                layered.put(key, system.getProperty(key));
            }
        }
        // layer 3: the caller's overrides
        layered.putAll(overrides);
        for (Map.Entry<String, String> e : layered.entrySet()) {
            String key = e.getKey().equals(DATA_DIR) ? DATA_DIR_SETTING : e.getKey();
            if (e.getValue() == null) {
                continue;
            }
            if (framework.containsKey(key)) {
                framework.put(key, e.getValue());
            } else if (settings.containsKey(key) || key.equals(DATA_DIR_SETTING)) {
                settings.put(key, e.getValue());
            } else if (hasFrameworkPrefix(key) || key.indexOf('.') < 0) {
                framework.put(key, e.getValue());
            } else {
                settings.put(key, e.getValue());
            }
        }

        // built-in variables
        Map<String, String> builtins = new LinkedHashMap<>();
        builtins.put(HOME, absHome.toString());
        Resolver resolver = new Resolver(builtins, framework, settings, system);
        String dataDirValue = settings.getOrDefault(DATA_DIR_SETTING, "");
        Path dataDir = dataDirValue.isBlank()
                ? absHome.resolve("data")
                : absHome.resolve(resolver.resolve(SETTINGS_FILE, DATA_DIR_SETTING, dataDirValue)).normalize();
        builtins.put(DATA_DIR, dataDir.toString());

        // framework properties
        Map<String, String> fwProps = new TreeMap<>();
        for (Map.Entry<String, String> e : framework.entrySet()) {
            fwProps.put(e.getKey(), resolver.resolve(FRAMEWORK_FILE, e.getKey(), e.getValue()));
        }
        fwProps.putAll(builtins);
        fwProps.putIfAbsent("org.osgi.framework.storage", dataDir.resolve("felix-cache").toString());
        // a component that waits for another one still activating gives up after this long (Felix SCR's
        // default, 5 s, was shorter than the first start's certificate generation on a busy machine)
        fwProps.putIfAbsent("ds.lock.timeout.milliseconds", "60000");

        // settings -> configuration PIDs
        Map<String, Map<String, String>> pids = new TreeMap<>();
        pids.put(SERVER_PID, new TreeMap<>());
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            if (key.equals(DATA_DIR_SETTING)) {
                continue;
            }
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1 || !SECTION.matcher(key.substring(0, dot)).matches()) {
                throw new LauncherException(SETTINGS_FILE + ": setting '" + key
                        + "' is not of the form <section>.<key> (for example server.domain)");
            }
            String value = resolver.resolve(SETTINGS_FILE, key, e.getValue()).strip();
            if (value.isEmpty()) {
                continue; // empty = the component's built-in default
            }
            pids.computeIfAbsent(PID_PREFIX + key.substring(0, dot), p -> new TreeMap<>())
                    .put(key.substring(dot + 1), value);
        }

        Map<String, String> server = pids.get(SERVER_PID);
        String address = server.getOrDefault(strip(CLIENT_ADDRESS_SETTING), DEFAULT_CLIENT_ADDRESS);
        String portText = server.getOrDefault(strip(CLIENT_PORT_SETTING), Integer.toString(DEFAULT_CLIENT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException ex) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new LauncherException(CLIENT_PORT_SETTING + " must be a port number (0-65535), not '" + portText + "'");
        }

        Map<String, String> vars = new LinkedHashMap<>(fwProps);
        return new LauncherConfig(absHome, dataDir, Collections.unmodifiableMap(fwProps),
                Collections.unmodifiableMap(pids), address, port, Collections.unmodifiableMap(vars));
    }

    /** {@code <home>}, absolute */
    public Path home() {
        return home;
    }

    /** {@code magpie.data.dir}, absolute */
    public Path dataDir() {
        return dataDir;
    }

    /** {@code dataDir/logs} */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** resolved framework properties, including {@code magpie.home} and {@code magpie.data.dir} */
    public Map<String, String> frameworkProperties() {
        return frameworkProperties;
    }

    /** PID → properties (string values; never empty values), always with {@link #SERVER_PID} */
    public Map<String, Map<String, String>> configurations() {
        return configurations;
    }

    /** {@code server.client.address} (default 127.0.0.1) */
    public String clientAddress() {
        return clientAddress;
    }

    /** {@code server.client.port} (default 5222) */
    public int clientPort() {
        return clientPort;
    }

    /** Replaces {@code ${name}} in text from other files (logging.properties) with framework properties. */
    public String substitute(String file, String key, String value) throws LauncherException {
        return new Resolver(variables, Map.of(), Map.of(), System.getProperties()).resolve(file, key, value);
    }

    // ------------------------------------------------------------------------------------------

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (CharacterCodingException e) {
                throw new IOException(file + " is not UTF-8 text", e);
            }
            for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
                result.put(k, p.getProperty(k));
            }
        }
        return result;
    }

    private static boolean hasFrameworkPrefix(String key) {
        return FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
    }

    private static String section(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    private static String strip(String setting) {
        return setting.substring(setting.indexOf('.') + 1);
    }

    /** the address to probe for "is the server listening?": wildcard addresses become loopback */
    String probeAddress() {
        try {
            InetAddress a = InetAddress.getByName(clientAddress);
            return a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : clientAddress;
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }

    /** ${name} substitution with cycle detection */
    private static final class Resolver {
        private final List<Map<String, String>> scopes;
        private final Properties system;

        Resolver(Map<String, String> builtins, Map<String, String> framework, Map<String, String> settings,
                Properties system) {
            this.scopes = List.of(builtins, framework, settings);
            this.system = system;
        }

        String resolve(String file, String key, String value) throws LauncherException {
            return resolve(file, key, value, new ArrayList<>());
        }

        private String resolve(String file, String key, String value, List<String> stack) throws LauncherException {
            if (value == null || value.indexOf("${") < 0) {
                return value;
            }
            Matcher m = VARIABLE.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                if (stack.contains(name)) {
                    throw new LauncherException(file + ": '" + key + "' refers to itself through ${" + name + "} ("
                            + String.join(" -> ", stack) + " -> " + name + ")");
                }
                String raw = lookup(name);
                if (raw == null) {
                    throw new LauncherException(file + ": '" + key + "' uses ${" + name
                            + "}, which is neither a setting nor a system property");
                }
                stack.add(name);
                String resolved = resolve(file, key, raw, stack);
                stack.remove(stack.size() - 1);
                m.appendReplacement(sb, Matcher.quoteReplacement(resolved));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private String lookup(String name) {
            for (Map<String, String> scope : scopes) {
                String v = scope.get(name);
                if (v != null) {
                    return v;
                }
            }
            if (name.equals(DATA_DIR)) {
                String d = scopes.get(2).get(DATA_DIR_SETTING);
                return d == null || d.isBlank() ? "${" + HOME + "}/data" : d;
            }
            return system.getProperty(name);
        }
    }
}
