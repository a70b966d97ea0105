package io.iiot.gateway;

/**
 * A check of configuration keys that runs before the gateway connects to anything, so that a bad value ends in
 * one line naming the file (or environment variable), the key and the problem, and exit status 2.
 *
 * <p>A package checks its own keys by letting its Camel configuration class implement this interface; the
 * gateway runs the check of every configuration class it registers ({@link GatewayMain#configurations()})
 * against the properties exactly as Camel resolved them. A check reads values through the typed getters of
 * {@link ResolvedProperties}, which throw the {@link ConfigException} for it:
 *
 * <pre>
 * public class DrainConfiguration implements CamelConfiguration, ConfigCheck {
 *     public void check(ResolvedProperties properties) {
 *         properties.number("cassandra.batch-size", 1, 10_000);
 *         properties.secret("cassandra.password");
 *     }
 * }
 * </pre>
 */
@FunctionalInterface
public interface ConfigCheck {

    /**
     * Checks this package's keys.
     *
     * @param properties the gateway's resolved properties
     * @throws ConfigException naming the source, key and problem of the first bad value
     */
    void check(ResolvedProperties properties);
}
