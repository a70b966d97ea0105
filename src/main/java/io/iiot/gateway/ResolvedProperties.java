package io.iiot.gateway;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesResolvedValue;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.StringHelper;

/**
 * The gateway's configuration as Camel's properties component resolved it, with typed getters that turn a bad
 * value into a {@link ConfigException} naming where the value came from.
 *
 * <p>camel-main loads the properties once: the jar's {@code application.properties} (defaults), then
 * {@code <config dir>/application.properties}, and an environment variable overrides either (the key upper-cased,
 * {@code .} and {@code -} turned into {@code _}: {@code nats.servers} is {@code NATS_SERVERS}; Camel also accepts
 * a camelCase key's words split by {@code _}). This class only reads what Camel resolved, so a check, a
 * {@code {{key}}} in a route and a {@code @PropertyInject} always see the same value.
 */
public final class ResolvedProperties {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    private final PropertiesComponent properties;
    private final Path configDir;

    /**
     * @param properties the properties component of the gateway's Camel context
     * @param configDir the absolute configuration directory ({@code --config})
     */
    public ResolvedProperties(PropertiesComponent properties, Path configDir) {
        this.properties = properties;
        this.configDir = configDir;
    }

    /** The absolute configuration directory ({@code --config}). */
    public Path configDir() {
        return configDir;
    }

    /** The value of {@code key}, trimmed; empty when it is set nowhere. */
    public String get(String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }

    /**
     * The value of {@code key}.
     *
     * @throws ConfigException when it is empty or set nowhere
     */
    public String require(String key) {
        String value = get(key);
        if (value.isEmpty()) {
            throw problem(key, "is not set");
        }
        return value;
    }

    /**
     * The value of {@code key}, which must be one of {@code allowed}.
     *
     * @throws ConfigException naming the allowed values
     */
    public String oneOf(String key, Collection<String> allowed) {
        String value = get(key);
        if (!allowed.contains(value)) {
            throw problem(key, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    /**
     * The whole number {@code key} holds, between {@code min} and {@code max}.
     *
     * @throws ConfigException when it is not such a number
     */
    public long number(String key, long min, long max) {
        String value = get(key);
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw problem(key, "'" + value + "' is not a whole number from " + min + " to " + max);
    }

    /**
     * The value of {@code key} made into a {@code T} by {@code parser}, e.g. {@code Token::parse}.
     *
     * @throws ConfigException with the message of the parser's {@link IllegalArgumentException}
     */
    public <T> T parse(String key, Function<String, T> parser) {
        String value = get(key);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw problem(key, e.getMessage());
        }
    }

    /**
     * Refuses a secret that is written in a file: secrets come only from the environment.
     *
     * @throws ConfigException naming the file and the variable to use instead
     */
    public void secret(String key) {
        if (!get(key).isEmpty() && !"ENV".equals(source(key))) {
            throw problem(key, "is a secret: set " + environmentName(key)
                    + " in the environment instead of writing it in a file");
        }
    }

    /**
     * Replaces every {@code {{key}}} in {@code text} with the key's value, as Camel resolves it.
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

    /** A {@link ConfigException} for {@code key}, naming the file or environment variable its value came from. */
    public ConfigException problem(String key, String problem) {
        return new ConfigException(where(key), key, problem);
    }

    /** Where the value of {@code key} came from, as a user would look for it. */
    String where(String key) {
        String source = source(key);
        if (source == null) {
            return configDir.resolve("application.properties").toString();
        }
        if (source.equals("ENV")) {
            return "environment variable " + setVariable(key);
        }
        if (source.equals("SYS")) {
            return "system property " + key;
        }
        if (source.startsWith("file:")) {
            return Path.of(source.substring("file:".length())).toAbsolutePath().normalize().toString();
        }
        if (source.startsWith("classpath:")) {
            return "the jar's " + source.substring("classpath:".length());
        }
        return source;
    }

    private String source(String key) {
        get(key);
        return properties.getResolvedValue(key).map(PropertiesResolvedValue::source).orElse(null);
    }

    /** The environment variable that overrides {@code key}: {@code nats.credentials-file} → NATS_CREDENTIALS_FILE. */
    public static String environmentName(String key) {
        return IOHelper.normalizeEnvironmentVariable(key);
    }

    /** The variable Camel found for {@code key}, among the names it tries. */
    private static String setVariable(String key) {
        return Stream.of(key.toUpperCase(Locale.ROOT), environmentName(key),
                environmentName(StringHelper.camelCaseToDash(key)))
                .filter(name -> System.getenv(name) != null).findFirst().orElse(environmentName(key));
    }

    @Override
    public String toString() {
        return "ResolvedProperties[" + configDir + "]";
    }
}
