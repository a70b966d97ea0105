package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * A mosquitto MQTT broker on a free loopback port, configured by a file that this fixture writes. By default
 * anonymous, plain TCP, without persistence; the {@link #builder()} adds persistence (sessions and queued messages
 * survive {@link #stop()}/{@link #start()} and {@link #kill()}), a password file, TLS, and any further settings.
 * Ready once the port accepts a connection (a TLS handshake where TLS is on).
 */
public final class MqttBroker extends LocalServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROBE_TIMEOUT_MS = 2000;

    private final int port;
    private final String executable = System.getenv().getOrDefault("MOSQUITTO", "mosquitto");
    private final boolean persistent;
    private final Map<String, String> users;
    private final TestCertificates certificates;
    private final String extraConfig;

    /** An anonymous, plain, non-persistent broker on a free loopback port. */
    public MqttBroker() {
        this(builder());
    }

    private MqttBroker(Builder builder) {
        this(builder, FreePorts.next());
    }

    private MqttBroker(Builder builder, int port) {
        super(TempDirs.create("mosquitto-" + port));
        this.port = port;
        this.persistent = builder.persistent;
        this.users = Map.copyOf(builder.users);
        this.certificates = builder.tls ? TestCertificates.create(dir.resolve("tls")) : null;
        this.extraConfig = builder.extraConfig.toString();
    }

    /** A builder for a broker with more than the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected ServerProcess launch() {
        writeConfig();
        return ServerProcess.launch("mosquitto", port, List.of(executable, "-c", configFile().toString()));
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, this::probe);
    }

    /** Returns the broker URL, {@code tcp://127.0.0.1:<port>} (or {@code ssl://} with TLS). */
    public String url() {
        return (certificates != null ? "ssl://" : "tcp://") + FreePorts.LOOPBACK + ":" + port;
    }

    /** Returns the broker port. */
    public int port() {
        return port;
    }

    /** Returns the generated configuration file. */
    public Path configFile() {
        return dir.resolve("mosquitto.conf");
    }

    /** The certificates of a TLS broker: its CA as a PKCS12 trust store. */
    public TestCertificates certificates() {
        if (certificates == null) {
            throw new IllegalStateException("this broker has no TLS");
        }
        return certificates;
    }

    private void probe() throws Exception {
        if (certificates != null) {
            SSLSocketFactory factory = certificates.clientContext().getSocketFactory();
            try (SSLSocket socket = (SSLSocket) factory.createSocket(FreePorts.LOOPBACK, port)) {
                socket.setSoTimeout(PROBE_TIMEOUT_MS);
                socket.startHandshake();
            }
            return;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(PROBE_TIMEOUT_MS / 1000);
        options.setAutomaticReconnect(false);
        users.entrySet().stream().findFirst().ifPresent(user -> {
            options.setUserName(user.getKey());
            options.setPassword(user.getValue().getBytes(StandardCharsets.UTF_8));
        });
        MqttClient client = new MqttClient(url(), "probe-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    private void writeConfig() {
        StringBuilder config = new StringBuilder();
        config.append("listener ").append(port).append(' ').append(FreePorts.LOOPBACK).append('\n');
        if (certificates != null) {
            config.append("cafile ").append(certificates.caPem()).append('\n')
                    .append("certfile ").append(certificates.serverCertPem()).append('\n')
                    .append("keyfile ").append(certificates.serverKeyPem()).append('\n');
        }
        if (users.isEmpty()) {
            config.append("allow_anonymous true\n");
        } else {
            config.append("allow_anonymous false\n").append("password_file ").append(writePasswords()).append('\n');
        }
        if (persistent) {
            config.append("persistence true\n")
                    .append("persistence_location ").append(dir.resolve("data")).append("/\n");
        } else {
            config.append("persistence false\n");
        }
        // as root, mosquitto would switch to its own user, who cannot write this fixture's directory
        config.append("user ").append(System.getProperty("user.name")).append('\n');
        config.append("log_dest stdout\n").append(extraConfig);
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(configFile(), config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
    }

    private Path writePasswords() {
        Path file = dir.resolve("passwords");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            for (Map.Entry<String, String> user : users.entrySet()) {
                Process process = new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), user.getKey(),
                        user.getValue()).redirectErrorStream(true).start();
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("mosquitto_passwd failed: "
                            + new String(process.getInputStream().readAllBytes()));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds a {@link MqttBroker}; every setting is optional. */
    public static final class Builder {

        private boolean persistent;
        private boolean tls;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final StringBuilder extraConfig = new StringBuilder();

        private Builder() {
        }

        /** Keeps sessions and queued messages on disk, across restarts and kills. */
        public Builder persistent() {
            this.persistent = true;
            return this;
        }

        /** Serves TLS only, with a certificate for 127.0.0.1 signed by a CA of its own. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Refuses anonymous clients and accepts this user (password file). */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** Appends mosquitto configuration lines. */
        public Builder config(String text) {
            extraConfig.append(text).append('\n');
            return this;
        }

        /** Returns a new, unstarted broker; its port is allocated now. */
        public MqttBroker build() {
            return new MqttBroker(this);
        }
    }
}
