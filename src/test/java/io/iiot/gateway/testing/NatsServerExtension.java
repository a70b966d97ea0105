package io.iiot.gateway.testing;

/**
 * Runs a {@link NatsServer} with JetStream for a test class (static field) or each test (instance field):
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension NATS = new NatsServerExtension();
 *
 * @Test
 * void publishes() throws Exception {
 *     try (Connection nats = Nats.connect(NATS.url())) { ... }
 *     NATS.server().restart();
 * }
 * }</pre>
 */
public final class NatsServerExtension extends ServerExtension<NatsServer> {

    /** Runs a server with the default configuration. */
    public NatsServerExtension() {
        this(NatsServer.builder());
    }

    /**
     * Runs servers built by {@code builder}; use it for extra configuration. Unless the builder sets a
     * port, each server the extension starts takes a new free one.
     *
     * @param builder the configured builder
     */
    public NatsServerExtension(NatsServer.Builder builder) {
        super(builder::build);
    }

    /** Returns the client URL of the running server. */
    public String url() {
        return server().url();
    }

    /** Returns the client port of the running server. */
    public int port() {
        return server().port();
    }
}
