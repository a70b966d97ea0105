package io.iiot.gateway.testing;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code nats-server} with JetStream enabled, on a free loopback port, storing in a temporary directory,
 * configured by a file that this fixture writes.
 *
 * <p>Extra configuration text (a {@code cluster} or {@code leafnodes} block, accounts, limits) is appended
 * to the generated file, so a test can start several servers that form a topology:
 * <pre>{@code
 * List<Integer> routePorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
 * String routes = routePorts.stream().map(p -> "nats://127.0.0.1:" + p).collect(Collectors.joining(", "));
 * List<NatsServer> cluster = routePorts.stream()
 *         .map(p -> NatsServer.builder().name("n" + p)
 *                 .config("cluster { name: uns, listen: \"127.0.0.1:" + p + "\", routes: [" + routes + "] }")
 *                 .build())
 *         .toList();
 * NatsServer.startAll(cluster);
 * }</pre>
 * The server keeps its port and JetStream store across {@link #stop()}/{@link #start()}, {@link #kill()}
 * and {@link #restart()}, for fault tests.
 */
public final class NatsServer extends LocalServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final int port;
    private final String extraConfig;
    private final String executable;

    private NatsServer(Builder builder, int port) {
        super(TempDirs.create("nats-" + port));
        this.port = port;
        this.name = builder.name != null ? builder.name : "nats-" + port;
        this.extraConfig = builder.extraConfig.toString();
        this.executable = builder.executable;
    }

    /** Returns a builder for a server on a free port with the default configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts several servers together and waits until each is ready. Servers of one cluster must start
     * together: JetStream is only available once they have met.
     *
     * @param servers the servers to start
     */
    public static void startAll(List<NatsServer> servers) {
        List<ServerProcess> launched = servers.stream().map(NatsServer::launchIfStopped).toList();
        for (int i = 0; i < servers.size(); i++) {
            servers.get(i).awaitReady(launched.get(i));
        }
    }

    /** Returns the client URL, {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** Returns the client port. */
    public int port() {
        return port;
    }

    /** Returns the server name ({@code server_name} in the configuration). */
    public String name() {
        return name;
    }

    /** Returns the generated configuration file. */
    public Path configFile() {
        return dir.resolve("nats.conf");
    }

    @Override
    protected ServerProcess launch() {
        writeConfig();
        return ServerProcess.launch("nats", port, List.of(executable, "-c", configFile().toString()));
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, this::checkJetStream);
    }

    private void checkJetStream() throws Exception {
        Options options = new Options.Builder()
                .server(url())
                .connectionTimeout(PROBE_TIMEOUT)
                .noReconnect()
                .build();
        try (Connection connection = Nats.connect(options)) {
            connection.jetStreamManagement().getAccountStatistics();
        }
    }

    private void writeConfig() {
        String config = String.join(System.lineSeparator(),
                "server_name: \"" + name + "\"",
                "listen: \"" + FreePorts.LOOPBACK + ":" + port + "\"",
                "jetstream {",
                "  store_dir: \"" + dir.resolve("jetstream") + "\"",
                "  max_memory_store: 256MB",
                // a limit on reservations, not an allocation: the shipped streams reserve 12 GB with max_bytes
                "  max_file_store: 64GB",
                "}",
                extraConfig,
                "");
        try {
            Files.writeString(configFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
    }

    /** Builds a {@link NatsServer}; every setting is optional. */
    public static final class Builder {

        private String name;
        private int port;
        private final StringBuilder extraConfig = new StringBuilder();
        private String executable = System.getenv().getOrDefault("NATS_SERVER", "nats-server");

        private Builder() {
        }

        /**
         * Sets the server name; it defaults to {@code nats-<port>}.
         *
         * @param name the {@code server_name}, unique within a cluster
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the client port, for a topology whose configuration must name it before the server exists;
         * it defaults to a free port. Take it from {@link FreePorts#next()}.
         *
         * @param port the client port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Appends configuration text, such as a {@code cluster}, {@code leafnodes} or {@code accounts} block.
         *
         * @param text nats-server configuration
         * @return this builder
         */
        public Builder config(String text) {
            extraConfig.append(text).append(System.lineSeparator());
            return this;
        }

        /**
         * Sets the nats-server executable; it defaults to the {@code NATS_SERVER} environment variable, else
         * {@code nats-server} from the {@code PATH}.
         *
         * @param executable a command name or path
         * @return this builder
         */
        public Builder executable(String executable) {
            this.executable = executable;
            return this;
        }

        /** Returns a new, unstarted server; its port is allocated now. */
        public NatsServer build() {
            return new NatsServer(this, port > 0 ? port : FreePorts.next());
        }
    }
}
