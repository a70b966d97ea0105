package io.iiot.gateway.mqtt.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code hivemq-mqtt:} component: an MQTT 5 consumer that acknowledges each message to the broker only once
 * the route has finished with it, and an MQTT 5 producer. See {@link HiveMqEndpoint} for the options.
 */
public final class HiveMqComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HiveMqEndpoint endpoint = new HiveMqEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
