package io.iiot.gateway.e2e;

import io.iiot.gateway.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as users run it: {@code java -jar target/iiot-nats-gateway.jar --config DIR}, a child process with
 * its output in {@code target/servers/gateway-<n>.log}, stopped by PID (SIGTERM, then SIGKILL after 15 s).
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "iiot-nats-gateway.jar");
    private static int runs;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int httpPort;

    private GatewayProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the jar with {@code configDir} and extra environment variables (property overrides). */
    public static GatewayProcess start(Path configDir, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'mvn package'");
        }
        try {
            Path log = Files.createDirectories(Path.of("target", "servers")).resolve("gateway-" + ++runs + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-jar",
                    JAR.toAbsolutePath().toString(), "--config", configDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // the HTTP port (health, metrics, console) on a free port unless the test chose one: 8080 may be taken
            builder.environment().put("HTTP_PORT", Integer.toString(FreePorts.next()));
            builder.environment().putAll(environment);
            return new GatewayProcess(builder.start(), log, Integer.parseInt(builder.environment().get("HTTP_PORT")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a directory tree (the shipped {@code config/} or {@code routes/}) to {@code to}; returns {@code to}. */
    public static Path copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The gateway's HTTP port: health, metrics and console. */
    int httpPort() {
        return httpPort;
    }

    /** The body of a GET of {@code path} on the gateway's HTTP port, as {@code <status> <body>}. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's output so far, for assertion messages. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process with SIGKILL, as a crash or {@code kill -9} would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
