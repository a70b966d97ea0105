package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * A mosquitto MQTT broker on a free loopback port, anonymous, without persistence, configured by a file
 * that this fixture writes. Ready once an MQTT 5 client can connect.
 */
public final class MqttBroker extends LocalServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final int port;
    private final String executable = System.getenv().getOrDefault("MOSQUITTO", "mosquitto");

    /** A broker on a free loopback port. */
    public MqttBroker() {
        this(FreePorts.next());
    }

    private MqttBroker(int port) {
        super(TempDirs.create("mosquitto-" + port));
        this.port = port;
    }

    @Override
    protected ServerProcess launch() {
        writeConfig();
        return ServerProcess.launch("mosquitto", port, List.of(executable, "-c", configFile().toString()));
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, this::connectMqtt5);
    }

    /** Returns the broker URL, {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** Returns the broker port. */
    public int port() {
        return port;
    }

    /** Returns the generated configuration file. */
    public Path configFile() {
        return dir.resolve("mosquitto.conf");
    }

    private void connectMqtt5() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(PROBE_TIMEOUT_SECONDS);
        options.setAutomaticReconnect(false);
        MqttClient client = new MqttClient(url(), "probe-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    private void writeConfig() {
        String config = String.join(System.lineSeparator(),
                "listener " + port + " " + FreePorts.LOOPBACK,
                "allow_anonymous true",
                "persistence false",
                "log_dest stdout",
                "");
        try {
            Files.writeString(configFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
    }
}
