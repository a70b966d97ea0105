package io.iiot.gateway.jetstream;

import io.iiot.gateway.ResolvedProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach NATS: the servers, the authentication and how long the first connect may take. Immutable; the
 * factory checks every value, and {@link #toString()} never shows a secret.
 *
 * @param servers the server URLs ({@code nats://}, {@code tls://}, {@code ws://} or {@code wss://}), at least one
 * @param user user name; with {@code password}
 * @param password password of {@code user}
 * @param token authentication token
 * @param credentialsFile a {@code .creds} file (JWT and NKey seed)
 * @param startupTimeout how long the first connect may take before start-up fails
 */
public record NatsOptions(List<URI> servers, Optional<String> user, Optional<String> password,
        Optional<String> token, Optional<Path> credentialsFile, Duration startupTimeout) {

    private static final Set<String> SCHEMES = Set.of("nats", "tls", "ws", "wss");

    /**
     * @throws IllegalArgumentException naming the value that is wrong
     */
    public NatsOptions {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no NATS server given");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a password needs a user name");
        }
        if (startupTimeout.isNegative()) {
            throw new IllegalArgumentException("startup timeout must not be negative");
        }
    }

    /** Options for these servers, without authentication, waiting up to 30 s for the first connect. */
    public static NatsOptions servers(String servers) {
        return new NatsOptions(parseServers(servers), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(30));
    }

    /**
     * The options of the {@code nats.*} keys: {@code nats.servers}, {@code nats.user} with {@code nats.password},
     * {@code nats.token}, {@code nats.credentials-file} and {@code nats.startup-timeout-seconds}.
     *
     * @throws io.iiot.gateway.ConfigException naming the key of a bad value
     */
    public static NatsOptions from(ResolvedProperties properties) {
        List<URI> servers = properties.parse("nats.servers", NatsOptions::parseServers);
        Duration timeout = Duration.ofSeconds(properties.number("nats.startup-timeout-seconds", 0, 86_400));
        Optional<String> user = optional(properties, "nats.user");
        Optional<String> password = optional(properties, "nats.password");
        if (password.isPresent() && user.isEmpty()) {
            throw properties.problem("nats.password", "is set but nats.user is not");
        }
        return new NatsOptions(servers, user, password, optional(properties, "nats.token"),
                optional(properties, "nats.credentials-file").map(Path::of), timeout);
    }

    /**
     * Parses a comma list of NATS URLs.
     *
     * @throws IllegalArgumentException naming the first URL that is not a NATS URL
     */
    public static List<URI> parseServers(String servers) {
        List<String> urls = Arrays.stream(servers.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no NATS server given");
        }
        return urls.stream().map(NatsOptions::parseServer).toList();
    }

    private static URI parseServer(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected nats://host:port (or tls://, ws://, wss://)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a NATS URL: " + e.getReason(), e);
        }
    }

    private static Optional<String> optional(ResolvedProperties properties, String key) {
        return Optional.of(properties.get(key)).filter(value -> !value.isEmpty());
    }

    /** The servers as one comma list, as in {@code nats.servers}. */
    public String serverList() {
        return String.join(",", servers.stream().map(URI::toString).toList());
    }

    @Override
    public String toString() {
        return "NatsOptions[" + serverList() + user.map(u -> ", user " + u).orElse("")
                + token.map(t -> ", token").orElse("") + credentialsFile.map(f -> ", credentials " + f).orElse("")
                + ", startup timeout " + startupTimeout.toSeconds() + " s]";
    }
}
