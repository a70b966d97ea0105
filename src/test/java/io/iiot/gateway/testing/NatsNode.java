package io.iiot.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code nats-server} run from one of the project's own configuration files ({@code config/nats/*.conf}),
 * given its ports, store directory and secrets as environment variables, the way an operator runs it.
 *
 * <p>Ready means its monitoring endpoint {@code /healthz} answers 200, which for a cluster node includes a
 * JetStream meta leader: start the nodes of a cluster together ({@link SiteTopology} does).
 */
public final class NatsNode extends LocalServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path configFile;
    private final int port;
    private final int httpPort;
    private final Map<String, String> environment;

    /**
     * @param name        the server name; also names its log, {@code target/servers/<name>-<port>.log}
     * @param configFile  the configuration file
     * @param port        the client port ({@code NATS_PORT})
     * @param httpPort    the monitoring port ({@code NATS_HTTP_PORT})
     * @param environment the other variables the file refers to; {@code NATS_STORE_DIR} is added
     */
    NatsNode(String name, Path configFile, int port, int httpPort, Map<String, String> environment) {
        super(TempDirs.create("nats-" + name));
        this.name = name;
        this.configFile = configFile;
        this.port = port;
        this.httpPort = httpPort;
        this.environment = new HashMap<>(environment);
        this.environment.put("NATS_SERVER_NAME", name);
        this.environment.put("NATS_HOST", FreePorts.LOOPBACK);
        this.environment.put("NATS_PORT", Integer.toString(port));
        this.environment.put("NATS_HTTP_PORT", Integer.toString(httpPort));
        this.environment.put("NATS_STORE_DIR", dir.resolve("jetstream").toString());
    }

    /** Returns the server name. */
    public String name() {
        return name;
    }

    /** Returns the client URL, {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** Returns the client port. */
    public int port() {
        return port;
    }

    /** Returns the monitoring base URL, {@code http://127.0.0.1:<http port>}. */
    public String monitoringUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + httpPort;
    }

    /**
     * Returns the body of a monitoring endpoint, such as {@code /leafz} or {@code /jsz?streams=true}.
     *
     * @param path the endpoint path with its query
     */
    public String monitor(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(monitoringUrl() + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " on " + name + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(path + " on " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    protected ServerProcess launch() {
        String executable = System.getenv().getOrDefault("NATS_SERVER", "nats-server");
        return ServerProcess.launch(name, port, List.of(executable, "-c", configFile.toString()), environment);
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, () -> monitor("/healthz"));
    }
}
