package io.iiot.gateway.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the gateway's one NATS connection with the {@link NatsOptions} of the {@code nats.*} keys.
 *
 * <p>The connection reconnects for ever (an edge gateway outlives NATS restarts) and buffers publishes while it
 * is away. Only the first connect is bounded: if no server answers within {@code startupTimeout}, start-up fails
 * with one line naming the servers, because JetStream provisioning cannot happen without a server. Use
 * {@code tls://} URLs for TLS; the JVM's trust store applies.
 */
public final class NatsConnector {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final NatsOptions options;

    /**
     * @param options the servers, authentication and startup timeout
     */
    public NatsConnector(NatsOptions options) {
        this.options = options;
    }

    /**
     * Connects, retrying until {@code startupTimeout}.
     *
     * @throws IllegalStateException with one line naming the servers when none answered in time
     */
    public Connection connect(String connectionName) {
        Options natsOptions = natsOptions(connectionName);
        Duration startupTimeout = options.startupTimeout();
        Instant deadline = Instant.now().plus(startupTimeout);
        while (true) {
            try {
                return Nats.connect(natsOptions);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("cannot reach NATS at " + options.serverList() + " within "
                            + startupTimeout.toSeconds() + " s: " + e.getMessage());
                }
                LOG.warn("NATS at {} not reachable yet ({}), retrying", options.serverList(), e.getMessage());
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to NATS", e);
            }
        }
    }

    private Options natsOptions(String connectionName) {
        Options.Builder builder = new Options.Builder()
                .servers(options.servers().stream().map(URI::toString).toArray(String[]::new))
                .connectionName(connectionName)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionListener(NatsConnector::logConnectionEvent)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection connection, String error) {
                        LOG.warn("NATS server error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection connection, Exception exception) {
                        LOG.warn("NATS connection: {}", exception.toString());
                    }
                });
        options.user().ifPresent(user -> builder.userInfo(user, options.password().orElse("")));
        options.token().ifPresent(token -> builder.token(token.toCharArray()));
        options.credentialsFile().ifPresent(file -> builder.authHandler(Nats.credentials(file.toString())));
        return builder.build();
    }

    private static void logConnectionEvent(Connection connection, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> LOG.warn("NATS disconnected; publishing is buffered until it reconnects");
            case RECONNECTED, CONNECTED -> LOG.info("NATS {} to {}", event.name().toLowerCase(),
                    connection.getConnectedUrl());
            default -> LOG.debug("NATS connection event {}", event);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NatsConnector[" + options.serverList() + "]";
    }
}
