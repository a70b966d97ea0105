package io.iiot.gateway.drain;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where and how the Cassandra drain writes: the {@code cassandra.*} settings, validated.
 *
 * @param contactPoints {@code cassandra.contact-points}: {@code host:port} list (port 9042 when left out)
 * @param localDatacenter {@code cassandra.local-datacenter}
 * @param keyspace {@code cassandra.keyspace}
 * @param username {@code cassandra.username}, may be empty
 * @param password {@code CASSANDRA_PASSWORD}, may be empty
 * @param replication {@code cassandra.replication}: the CQL replication map used when the keyspace is created
 * @param ttlSeconds {@code cassandra.ttl-seconds}: rows expire after this long; 0 keeps them
 * @param maxInFlight {@code cassandra.max-in-flight}: asynchronous writes outstanding at most
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace,
        String username, String password, String replication, int ttlSeconds, int maxInFlight) {

    public CassandraSettings {
        if (contactPoints == null || contactPoints.isEmpty()) {
            throw new IllegalArgumentException("cassandra.contact-points is empty");
        }
        contactPoints = List.copyOf(contactPoints);
        if (localDatacenter == null || localDatacenter.isBlank()) {
            throw new IllegalArgumentException("cassandra.local-datacenter is empty");
        }
        if (keyspace == null || !keyspace.matches("[a-z_][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("cassandra.keyspace: '" + keyspace
                    + "' is not a lower-case CQL identifier ([a-z_][a-z0-9_]*)");
        }
        if (replication == null || !replication.strip().matches("\\{[^;]*}")) {
            throw new IllegalArgumentException("cassandra.replication: '" + replication
                    + "' is not a CQL map such as {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("cassandra.ttl-seconds must be 0 (no expiry) or more");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("cassandra.max-in-flight must be 1 or more");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(1);

    /**
     * The settings from the {@code cassandra.*} properties.
     *
     * @param property a key's value, empty when unset
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public static CassandraSettings from(UnaryOperator<String> property) {
        return new CassandraSettings(contactPoints(property.apply("cassandra.contact-points")),
                property.apply("cassandra.local-datacenter"), property.apply("cassandra.keyspace"),
                property.apply("cassandra.username"), property.apply("cassandra.password"),
                property.apply("cassandra.replication"), number(property, "cassandra.ttl-seconds"),
                number(property, "cassandra.max-in-flight"));
    }

    private static int number(UnaryOperator<String> property, String key) {
        try {
            return Integer.parseInt(property.apply(key).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + property.apply(key) + "' is not a whole number");
        }
    }

    /** Opens a driver session to these contact points (no keyspace); fails when no node answers. */
    public CqlSession openSession() {
        CqlSessionBuilder builder = CqlSession.builder()
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, SCHEMA_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, SCHEMA_TIMEOUT)
                        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(10))
                        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, Math.max(1024, maxInFlight))
                        .build())
                .withLocalDatacenter(localDatacenter)
                .withApplicationName("iiot-nats-gateway");
        for (InetSocketAddress point : contactPoints) {
            builder.addContactPoint(new InetSocketAddress(point.getHostString(), point.getPort()));
        }
        if (!username.isEmpty()) {
            builder.withAuthCredentials(username, password);
        }
        return builder.build();
    }

    /** A script under {@code cql/}, e.g. {@code measurements.cql}, with its placeholders filled in. */
    public Script script(String name) {
        return Script.load("cql/" + name, scriptValues());
    }

    /**
     * Parses {@code host[:port],...}.
     *
     * @throws IllegalArgumentException naming the entry that is not host or host:port
     */
    public static List<InetSocketAddress> contactPoints(String text) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String entry : text.split("\\s*,\\s*")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            try {
                points.add(colon < 0
                        ? InetSocketAddress.createUnresolved(entry, 9042)
                        : InetSocketAddress.createUnresolved(entry.substring(0, colon),
                                Integer.parseInt(entry.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "cassandra.contact-points: '" + entry + "' is not host or host:port");
            }
        }
        return points;
    }

    /** The values of the placeholders in {@code cql/*}. */
    public Map<String, String> scriptValues() {
        return Map.of("keyspace", keyspace, "replication", replication.strip());
    }

    @Override
    public String toString() {
        return "CassandraSettings[" + contactPoints + ", keyspace=" + keyspace + "]";
    }
}
