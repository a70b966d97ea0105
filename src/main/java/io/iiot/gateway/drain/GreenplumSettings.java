package io.iiot.gateway.drain;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where and how the Greenplum/PostgreSQL drain writes: the {@code greenplum.*} settings, validated.
 *
 * @param jdbcUrl {@code greenplum.jdbc-url}, e.g. {@code jdbc:postgresql://gp-master:5432/telemetry}
 * @param username {@code greenplum.username}, may be empty
 * @param password {@code GREENPLUM_PASSWORD}, may be empty
 * @param schema {@code greenplum.schema}, an unquoted SQL identifier
 * @param dialect {@code greenplum.dialect}
 * @param partitionStart first day of the daily partitions (greenplum dialect)
 * @param partitionEnd day after the last daily partition (greenplum dialect)
 */
public record GreenplumSettings(String jdbcUrl, String username, String password, String schema, Dialect dialect,
        LocalDate partitionStart, LocalDate partitionEnd) {

    /** The SQL flavour of {@code greenplum.dialect}: which files under {@code sql/} the drain uses. */
    public enum Dialect {
        /** Greenplum 6 and 7: append-optimized column storage, DISTRIBUTED BY, daily range partitions. */
        GREENPLUM,
        /** PostgreSQL 15: a heap table with a primary key. */
        POSTGRES;

        /** The directory of this dialect's files under {@code sql/}. */
        public String directory() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException unless {@code text} is {@code greenplum} or {@code postgres}
         */
        public static Dialect parse(String text) {
            for (Dialect dialect : values()) {
                if (dialect.directory().equals(text)) {
                    return dialect;
                }
            }
            throw new IllegalArgumentException("greenplum.dialect: '" + text + "' is not greenplum or postgres");
        }
    }

    public GreenplumSettings {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("greenplum.jdbc-url: '" + jdbcUrl + "' is not a jdbc:postgresql: URL");
        }
        if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("greenplum.schema: '" + schema
                    + "' is not a lower-case SQL identifier ([a-z_][a-z0-9_]*)");
        }
        if (dialect == null) {
            throw new IllegalArgumentException("greenplum.dialect is missing");
        }
        if (partitionStart == null || partitionEnd == null || !partitionStart.isBefore(partitionEnd)) {
            throw new IllegalArgumentException(
                    "greenplum.partition-start must be a day before greenplum.partition-end");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /**
     * The settings from the {@code greenplum.*} properties.
     *
     * @param property a key's value, empty when unset
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public static GreenplumSettings from(UnaryOperator<String> property) {
        return new GreenplumSettings(property.apply("greenplum.jdbc-url"), property.apply("greenplum.username"),
                property.apply("greenplum.password"), property.apply("greenplum.schema"),
                Dialect.parse(property.apply("greenplum.dialect")),
                day("greenplum.partition-start", property.apply("greenplum.partition-start")),
                day("greenplum.partition-end", property.apply("greenplum.partition-end")));
    }

    /** Opens a connection (auto-commit off). */
    public Connection openConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "iiot-nats-gateway");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        connection.setAutoCommit(false);
        return connection;
    }

    /** Parses a {@code greenplum.partition-*} day, naming the key when it is not {@code YYYY-MM-DD}. */
    public static LocalDate day(String key, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a day (YYYY-MM-DD)");
        }
    }

    /** The values of the placeholders in {@code sql/*}. */
    public Map<String, String> scriptValues() {
        return Map.of("schema", schema, "partition-start", partitionStart.toString(), "partition-end",
                partitionEnd.toString());
    }

    /** A script of this dialect, e.g. {@code schema.sql}, with its placeholders filled in. */
    public Script script(String name) {
        return Script.load("sql/" + dialect.directory() + "/" + name, scriptValues());
    }

    /** A script shared by both dialects, e.g. {@code copy-staging.sql}. */
    public Script commonScript(String name) {
        return Script.load("sql/" + name, scriptValues());
    }

    @Override
    public String toString() {
        return "GreenplumSettings[" + jdbcUrl + ", schema=" + schema + ", dialect=" + dialect.directory() + "]";
    }
}
