package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL 15 server in a temporary directory, listening on a free loopback port, with a database
 * {@value #DATABASE} owned by the superuser {@value #USER}; trust authentication, so no password.
 *
 * <p>The cluster is created by {@code initdb} and run by {@code pg_ctl}, as the OS user {@code postgres}
 * when the JVM runs as root (PostgreSQL refuses to run as root). The binaries are taken from the
 * {@code PG_BIN} environment variable, else {@value #DEFAULT_BIN}. Durability settings are off
 * ({@code fsync}, {@code synchronous_commit}): a crash of the machine is not what these tests are about.
 */
public final class PostgresServer extends LocalServer {

    /** The database created for the gateway. */
    public static final String DATABASE = "gateway";
    /** The superuser tests connect as. */
    public static final String USER = "postgres";

    private static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
    private static final String OS_USER = "postgres";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final Duration PG_CTL_TIMEOUT = PG_CTL_WAIT.plusSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path dataDir;
    private final Path bin = Path.of(System.getenv().getOrDefault("PG_BIN", DEFAULT_BIN));
    private final boolean root = ServerProcess.runningAsRoot();

    /** A server on a free loopback port. */
    public PostgresServer() {
        this(FreePorts.next());
    }

    private PostgresServer(int port) {
        super(TempDirs.create("postgres-" + port));
        this.port = port;
        this.dataDir = dir.resolve("data");
    }

    @Override
    protected ServerProcess launch() {
        Instant launchedAt = Instant.now();
        Path log = ServerProcess.logFile("postgres", port);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(log);
        }
        ServerProcess.run(log, PG_CTL_TIMEOUT, asServerUser("pg_ctl", "start", "-w", "-t", pgCtlWaitSeconds(),
                "-D", dataDir.toString(), "-o", serverOptions()));
        return ServerProcess.adopt("postgres", port, postmasterPid(), asServerUser("pg_ctl", "stop",
                "-m", "fast", "-w", "-t", pgCtlWaitSeconds(), "-D", dataDir.toString()), launchedAt);
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, () -> query("postgres", "SELECT 1"));
        createGatewayDatabase();
    }

    /** Returns the JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /**
     * Returns the JDBC URL of a database on this server.
     *
     * @param database the database name
     * @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + FreePorts.LOOPBACK + ":" + port + "/" + database;
    }

    /** Returns the user to connect as, {@value #USER}; no password is needed. */
    public String user() {
        return USER;
    }

    /** Returns the port. */
    public int port() {
        return port;
    }

    /**
     * Opens a JDBC connection to the {@value #DATABASE} database as {@value #USER}.
     *
     * @return a new connection, to be closed by the caller
     * @throws SQLException when the server refuses it
     */
    public Connection openConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private void initdb(Path log) {
        if (root) {
            giveToServerUser(dir);
        }
        ServerProcess.run(log, INITDB_TIMEOUT, asServerUser("initdb", "-D", dataDir.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"));
    }

    private String serverOptions() {
        return String.join(" ", "-p", Integer.toString(port), "-k", dir.toString(),
                "-c", "listen_addresses=" + FreePorts.LOOPBACK,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    }

    private long postmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
    }

    private void createGatewayDatabase() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            boolean exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")
                    .next();
            if (!exists) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    private void query(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> asServerUser(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void giveToServerUser(Path path) {
        try {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
            Files.setOwner(path, owner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + OS_USER, e);
        }
    }

    private static String pgCtlWaitSeconds() {
        return Long.toString(PG_CTL_WAIT.toSeconds());
    }
}
