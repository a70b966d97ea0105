package io.iiot.gateway.drain;

import io.nats.client.Connection;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code jetstream:DURABLE?stream=TELEMETRY&...}: a JetStream pull consumer on jnats that hands a route one
 * {@link DrainBatch} per fetch and settles each message only after the route has returned (see
 * {@link JetStreamEndpoint} for the options). It exists because camel-nats 4.17's JetStream consumer cannot give
 * at-least-once (pull mode delivers nothing, CAMEL-23419; push mode acknowledges failed exchanges).
 *
 * <p>It uses the gateway's NATS connection, the {@code natsConnection} bean, unless {@link #setConnection} gives
 * another.
 */
public final class JetStreamComponent extends DefaultComponent {

    /** Registry name of the connection the component uses by default. */
    public static final String CONNECTION_BEAN = "natsConnection";

    private Connection connection;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JetStreamEndpoint endpoint = new JetStreamEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /** The NATS connection consumers fetch and publish dead letters on. */
    public Connection connection() {
        if (connection == null) {
            connection = getCamelContext().getRegistry().lookupByNameAndType(CONNECTION_BEAN, Connection.class);
            if (connection == null) {
                throw new IllegalStateException("jetstream: no NATS connection bean '" + CONNECTION_BEAN + "'");
            }
        }
        return connection;
    }

    /** @param connection the NATS connection to use instead of the {@code natsConnection} bean */
    public void setConnection(Connection connection) {
        this.connection = connection;
    }
}
