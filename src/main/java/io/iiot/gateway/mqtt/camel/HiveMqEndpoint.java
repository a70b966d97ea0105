package io.iiot.gateway.mqtt.camel;

import io.iiot.gateway.mqtt.MqttConnection;
import io.iiot.gateway.mqtt.MqttIngestModel;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code hivemq-mqtt:name?brokerUrl=…&clientId=…}: as a consumer, subscribes to the topics of an
 * {@link MqttIngestModel} in a persistent session; as a producer, publishes the body to the topic in the header
 * {@value HiveMqConsumer#TOPIC}.
 *
 * <p>Options: {@code brokerUrl}, {@code clientId}, {@code username}, {@code password}, {@code trustStore},
 * {@code trustStorePassword} (see {@link MqttConnection}); consumer: {@code topics} (the model, a bean reference),
 * {@code sessionExpirySeconds}, {@code receiveMaximum}, {@code lanes}; producer: {@code qos}.
 */
public final class HiveMqEndpoint extends DefaultEndpoint {

    private final String name;
    private String brokerUrl;
    private String clientId;
    private String username = "";
    private String password = "";
    private String trustStore = "";
    private String trustStorePassword = "";
    private long sessionExpirySeconds = 86_400;
    private int receiveMaximum = 65535;
    private int lanes = 2;
    private int qos = 1;
    private MqttIngestModel topics;

    HiveMqEndpoint(String uri, HiveMqComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (topics == null) {
            throw new IllegalArgumentException("hivemq-mqtt:" + name + " needs the topics option to consume");
        }
        Consumer consumer = new HiveMqConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        return new HiveMqProducer(this);
    }

    /** The connection settings of this endpoint. */
    MqttConnection connection() {
        return new MqttConnection(brokerUrl, clientId, username, password, trustStore, trustStorePassword,
                sessionExpirySeconds, receiveMaximum);
    }

    @Override
    protected String createEndpointUri() {
        return "hivemq-mqtt:" + name;
    }

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public long getSessionExpirySeconds() {
        return sessionExpirySeconds;
    }

    public void setSessionExpirySeconds(long sessionExpirySeconds) {
        this.sessionExpirySeconds = sessionExpirySeconds;
    }

    public int getReceiveMaximum() {
        return receiveMaximum;
    }

    public void setReceiveMaximum(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    public int getLanes() {
        return lanes;
    }

    public void setLanes(int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1");
        }
        this.lanes = lanes;
    }

    public int getQos() {
        return qos;
    }

    public void setQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos is 0, 1 or 2");
        }
        this.qos = qos;
    }

    public MqttIngestModel getTopics() {
        return topics;
    }

    public void setTopics(MqttIngestModel topics) {
        this.topics = topics;
    }
}
