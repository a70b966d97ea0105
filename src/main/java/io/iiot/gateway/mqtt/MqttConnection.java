package io.iiot.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import io.iiot.gateway.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the gateway connects to its MQTT 5 broker ({@code mqtt.*}): URL, client id, credentials, TLS trust store and
 * the persistent session. Builds HiveMQ MQTT clients that reconnect by themselves (1 s, doubling up to 30 s).
 *
 * <p>URLs are {@code tcp://host:port} or {@code mqtt://} (plain, default port 1883) and {@code ssl://} or
 * {@code mqtts://} (TLS, default port 8883). With TLS the broker's certificate is checked against the trust store
 * ({@code mqtt.tls.trust-store}, PKCS12 or JKS; the JVM's trust store when empty) and its host name.
 *
 * @param brokerUrl {@code mqtt.broker-url}
 * @param clientId {@code mqtt.client-id}; the session on the broker belongs to it, so it must be unique per gateway
 * @param username {@code mqtt.username}, empty for none
 * @param password {@code MQTT_PASSWORD}, empty for none
 * @param trustStore {@code mqtt.tls.trust-store}, empty for the JVM's
 * @param trustStorePassword {@code MQTT_TLS_TRUST_STORE_PASSWORD}, empty for none
 * @param sessionExpirySeconds {@code mqtt.session-expiry-seconds}: how long the broker keeps the session (and the
 *        messages queued for it) while the gateway is away
 * @param receiveMaximum {@code mqtt.receive-maximum}: messages the broker may have in flight to the gateway, not yet
 *        acknowledged
 */
public record MqttConnection(String brokerUrl, String clientId, String username, String password, String trustStore,
        String trustStorePassword, long sessionExpirySeconds, int receiveMaximum) {

    public MqttConnection {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("mqtt.client-id is empty");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        trustStore = trustStore == null ? "" : trustStore;
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("mqtt.receive-maximum is 1 to 65535, got " + receiveMaximum);
        }
        if (sessionExpirySeconds < 0 || sessionExpirySeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("mqtt.session-expiry-seconds is 0 to 4294967295");
        }
        uri(brokerUrl);
    }

    /** Whether the URL asks for TLS. */
    public boolean tls() {
        String scheme = uri(brokerUrl).getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ssl") || scheme.equals("mqtts");
    }

    /**
     * A client builder for this broker, with the given client id (the ingest session's, or another for a second
     * connection such as the command publisher).
     */
    public Mqtt5ClientBuilder builder(String id) {
        URI uri = uri(brokerUrl);
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(uri.getHost())
                .serverPort(uri.getPort() > 0 ? uri.getPort() : tls() ? 8883 : 1883)
                .automaticReconnect()
                .initialDelay(1, TimeUnit.SECONDS)
                .maxDelay(30, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
        if (tls()) {
            builder = builder.sslConfig(sslConfig());
        }
        if (!username.isEmpty() || !password.isEmpty()) {
            byte[] secret = password.getBytes(StandardCharsets.UTF_8);
            Mqtt5SimpleAuthBuilder.Complete auth = username.isEmpty()
                    ? Mqtt5SimpleAuth.builder().password(secret)
                    : Mqtt5SimpleAuth.builder().username(username);
            if (!username.isEmpty() && !password.isEmpty()) {
                auth = auth.password(secret);
            }
            builder = builder.simpleAuth(auth.build());
        }
        return builder;
    }

    private MqttClientSslConfig sslConfig() {
        var ssl = MqttClientSslConfig.builder().handshakeTimeout(10, TimeUnit.SECONDS);
        if (!trustStore.isEmpty()) {
            ssl = ssl.trustManagerFactory(trustManagers(Path.of(trustStore), trustStorePassword));
        }
        return ssl.build();
    }

    private static TrustManagerFactory trustManagers(Path file, String password) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(file, "mqtt.tls.trust-store", "cannot be read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(file, "mqtt.tls.trust-store", "is not a readable trust store: " + e.getMessage());
        }
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.matches("tcp|mqtt|ssl|mqtts") || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "mqtt.broker-url must look like tcp://host:1883 or ssl://host:8883, got '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mqtt.broker-url '" + url + "' is not a URL");
        }
    }

    /** The URL and client id; never the password. */
    @Override
    public String toString() {
        return "MqttConnection[" + brokerUrl + " as " + clientId + "]";
    }
}
