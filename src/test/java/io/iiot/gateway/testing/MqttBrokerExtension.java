package io.iiot.gateway.testing;

/**
 * Runs a {@link MqttBroker} for a test class (static field) or each test (instance field):
 * <pre>{@code
 * @RegisterExtension
 * static final MqttBrokerExtension MQTT = new MqttBrokerExtension();
 *
 * @Test
 * void receives() throws Exception {
 *     MqttClient client = new MqttClient(MQTT.url(), "test", new MemoryPersistence());
 *     ...
 * }
 * }</pre>
 */
public final class MqttBrokerExtension extends ServerExtension<MqttBroker> {

    /** Runs a broker with the default configuration. */
    public MqttBrokerExtension() {
        super(MqttBroker::new);
    }

    /** Runs a broker built by {@code builder} (persistence, TLS, users, settings). */
    public MqttBrokerExtension(MqttBroker.Builder builder) {
        super(builder::build);
    }

    /** Returns the broker URL of the running broker, {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return server().url();
    }

    /** Returns the port of the running broker. */
    public int port() {
        return server().port();
    }
}
