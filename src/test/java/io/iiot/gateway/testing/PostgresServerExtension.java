package io.iiot.gateway.testing;

/**
 * Runs a {@link PostgresServer} for a test class (static field) or each test (instance field):
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresServerExtension POSTGRES = new PostgresServerExtension();
 *
 * @Test
 * void stores() throws Exception {
 *     try (Connection db = DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), "")) { ... }
 * }
 * }</pre>
 */
public final class PostgresServerExtension extends ServerExtension<PostgresServer> {

    /** Runs a server with a {@code gateway} database. */
    public PostgresServerExtension() {
        super(PostgresServer::new);
    }

    /** Returns the JDBC URL of the {@code gateway} database on the running server. */
    public String jdbcUrl() {
        return server().jdbcUrl();
    }

    /** Returns the user to connect as; no password is needed. */
    public String user() {
        return server().user();
    }
}
