package io.iiot.gateway.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the gateway's one NATS connection from the {@code nats.*} settings.
 *
 * <p>The connection reconnects for ever (an edge gateway outlives NATS restarts) and buffers publishes while it
 * is away. Only the first connect is bounded: if no server answers within {@code startupTimeout}, start-up fails
 * with one line naming the servers, because JetStream provisioning cannot happen without a server. Use
 * {@code tls://} URLs for TLS; the JVM's trust store applies.
 */
public final class NatsConnector {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private final String servers;
    private final String user;
    private final String password;
    private final String token;
    private final String credentialsFile;
    private final Duration startupTimeout;

    /**
     * @param servers comma list of NATS URLs
     * @param user user name, empty for none
     * @param password password, empty for none
     * @param token token, empty for none
     * @param credentialsFile path of a {@code .creds} file, empty for none
     * @param startupTimeout how long the first connect may take
     */
    public NatsConnector(String servers, String user, String password, String token, String credentialsFile,
            Duration startupTimeout) {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("nats.servers is empty");
        }
        this.servers = servers;
        this.user = user;
        this.password = password;
        this.token = token;
        this.credentialsFile = credentialsFile;
        this.startupTimeout = startupTimeout;
    }

    /**
     * Connects, retrying until {@code startupTimeout}.
     *
     * @throws IllegalStateException with one line naming the servers when none answered in time
     */
    public Connection connect(String connectionName) {
        Options options = options(connectionName);
        Instant deadline = Instant.now().plus(startupTimeout);
        while (true) {
            try {
                return Nats.connect(options);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("cannot reach NATS at " + servers + " within "
                            + startupTimeout.toSeconds() + " s (nats.servers): " + e.getMessage());
                }
                LOG.warn("NATS at {} not reachable yet ({}), retrying", servers, e.getMessage());
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to NATS", e);
            }
        }
    }

    private Options options(String connectionName) {
        Options.Builder builder = new Options.Builder()
                .servers(servers.split("\\s*,\\s*"))
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
        if (!user.isEmpty()) {
            builder.userInfo(user, password);
        }
        if (!token.isEmpty()) {
            builder.token(token.toCharArray());
        }
        if (!credentialsFile.isEmpty()) {
            builder.authHandler(Nats.credentials(credentialsFile));
        }
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
        return "NatsConnector[" + servers + "]";
    }
}
