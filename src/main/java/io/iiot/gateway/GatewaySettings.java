package io.iiot.gateway;

import io.iiot.gateway.jetstream.NatsConnector;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's settings, checked before Camel starts so that a bad configuration ends in one clear line.
 *
 * <p>Values come, lowest precedence first, from the jar's {@code application.properties} (defaults), from
 * {@code <config dir>/application.properties}, and from the environment, where a key's variable is the key
 * upper-cased with {@code .} and {@code -} turned into {@code _} ({@code nats.servers} becomes
 * {@code NATS_SERVERS}), the same rule Camel's property placeholders apply.
 */
public final class GatewaySettings {

    /** The roles of CONTRACT.md: which route set an instance starts. */
    public static final Set<String> ROLES = Set.of("edge", "cloud", "all");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    /** Keys whose values are secrets: they come only from the environment, never from a file. */
    public static final Set<String> SECRETS = Set.of("nats.password", "nats.token", "mqtt.password",
            "cassandra.password", "greenplum.password");
    private static final Set<String> NATS_SCHEMES = Set.of("nats", "tls", "ws", "wss");

    private final Path configDir;
    private final Properties properties;
    private final Map<String, String> environment;

    private GatewaySettings(Path configDir, Properties properties, Map<String, String> environment) {
        this.configDir = configDir;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Loads and checks the settings of a configuration directory.
     *
     * @throws ConfigException naming the file, key and problem
     */
    public static GatewaySettings load(Path configDir, Map<String, String> environment) {
        Path dir = configDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, "", "configuration directory does not exist (--config)");
        }
        Properties properties = new Properties();
        try (InputStream defaults = GatewaySettings.class.getResourceAsStream("/application.properties")) {
            if (defaults != null) {
                properties.load(defaults);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the jar's application.properties cannot be read", e);
        }
        Path file = dir.resolve("application.properties");
        if (!Files.isReadable(file)) {
            throw new ConfigException(file, "", "is missing or not readable");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file, "", "cannot be read: " + e.getMessage());
        }
        for (String secret : SECRETS) {
            if (properties.containsKey(secret)) {
                throw new ConfigException(file, secret, "is a secret: set " + environmentName(secret)
                        + " in the environment instead of writing it in a file");
            }
        }
        GatewaySettings settings = new GatewaySettings(dir, properties, environment);
        settings.check(file);
        return settings;
    }

    private void check(Path file) {
        String role = get("gateway.role");
        if (!ROLES.contains(role)) {
            throw new ConfigException(file, "gateway.role", "'" + role + "' is not one of edge, cloud, all");
        }
        for (String key : new String[]{"gateway.org", "gateway.site"}) {
            try {
                Token.parse(get(key));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, key, e.getMessage());
            }
        }
        for (String url : get("nats.servers").split("\\s*,\\s*")) {
            checkNatsUrl(file, url);
        }
        if (!get("nats.startup-timeout-seconds").matches("[0-9]{1,6}")) {
            throw new ConfigException(file, "nats.startup-timeout-seconds", "is not a whole number of seconds");
        }
        for (String key : new String[]{"gateway.routes-dir", "gateway.kamelets-dir"}) {
            if (!Files.isDirectory(path(key))) {
                throw new ConfigException(file, key, "directory " + path(key) + " does not exist");
            }
        }
    }

    private static void checkNatsUrl(Path file, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !NATS_SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected nats://host:port (or tls://, ws://, wss://)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(file, "nats.servers", "'" + url + "' is not a NATS URL: " + e.getReason());
        }
    }

    /**
     * The effective value of a key, or empty when it is set nowhere.
     */
    public String get(String key) {
        String fromEnvironment = environment.get(environmentName(key));
        if (fromEnvironment != null) {
            return fromEnvironment.trim();
        }
        return properties.getProperty(key, "").trim();
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A path-valued key, resolved against the working directory. */
    public Path path(String key) {
        return Path.of(get(key)).toAbsolutePath().normalize();
    }

    /**
     * Replaces every {@code {{key}}} in {@code text} with the key's effective value.
     *
     * @throws IllegalArgumentException naming the first key that is set nowhere
     */
    public String resolve(String text) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String value = get(placeholder.group(1));
            if (value.isEmpty()) {
                throw new IllegalArgumentException("placeholder {{" + placeholder.group(1) + "}} is not set");
            }
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(resolved).toString();
    }

    /** The NATS connector for the {@code nats.*} settings. */
    public NatsConnector natsConnector() {
        return new NatsConnector(get("nats.servers"), get("nats.user"), get("nats.password"), get("nats.token"),
                get("nats.credentials-file"), Duration.ofSeconds(Long.parseLong(get("nats.startup-timeout-seconds"))));
    }

    /** The absolute configuration directory. */
    public Path configDir() {
        return configDir;
    }

    @Override
    public String toString() {
        return "GatewaySettings[" + configDir + ", role=" + get("gateway.role") + "]";
    }
}
