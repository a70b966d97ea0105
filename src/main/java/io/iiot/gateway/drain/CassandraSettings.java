package io.iiot.gateway.drain;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
