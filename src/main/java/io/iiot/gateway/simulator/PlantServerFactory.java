package io.iiot.gateway.simulator;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * Creates the Milo server behind a {@link PlantSimulator}: one OPC-UA TCP endpoint per advertised
 * host name with security policy None, anonymous login and, when credentials are configured,
 * username login with the password in plain text. No application certificate is needed (or
 * created) for policy None.
 */
final class PlantServerFactory {

    /**
     * Username login whose password travels in plain text: Milo's stock username policy asks for
     * the password to be encrypted with the server certificate, which a policy-None server without
     * a certificate cannot offer.
     */
    static final UserTokenPolicy USERNAME_IN_PLAIN_TEXT = new UserTokenPolicy(
            "username-none", UserTokenType.UserName, null, null, SecurityPolicy.None.getUri());

    private PlantServerFactory() {
    }

    /**
     * @param bindAddress address the TCP listener binds to
     * @param port TCP port
     * @param hostnames host names advertised in the endpoint descriptions
     * @param applicationUri the server's application URI
     * @param productUri the server's product URI
     * @param credentials the user accepted in addition to anonymous login, if any
     * @param certificate the server's certificate: when present, Basic256Sha256 endpoints (Sign and
     *     SignAndEncrypt) are served as well, accepting every client certificate
     */
    static OpcUaServer create(
            String bindAddress,
            int port,
            Set<String> hostnames,
            String applicationUri,
            String productUri,
            Optional<Credentials> credentials,
            Optional<ServerCertificate> certificate) {
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setProductUri(productUri)
                .setApplicationName(LocalizedText.english("iiot-nats-gateway plant simulator"))
                .setBuildInfo(
                        new BuildInfo(
                                productUri,
                                "iiot-nats-gateway",
                                "plant simulator",
                                OpcUaServer.SDK_VERSION,
                                "",
                                DateTime.now()))
                .setCertificateManager(certificateManager(certificate))
                .setIdentityValidator(identityValidator(credentials))
                .setEndpoints(endpoints(bindAddress, port, hostnames, credentials.isPresent(), certificate))
                .build();
        return new OpcUaServer(
                config,
                transportProfile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    }

    private static IdentityValidator identityValidator(Optional<Credentials> credentials) {
        return credentials
                .<IdentityValidator>map(
                        user -> new CompositeValidator(
                                AnonymousIdentityValidator.INSTANCE,
                                new UsernameIdentityValidator(
                                        challenge -> user.matches(challenge.getUsername(), challenge.getPassword()))))
                .orElse(AnonymousIdentityValidator.INSTANCE);
    }

    /**
     * Without a certificate: none needed for policy None. With one: an in-memory certificate group
     * that accepts every client certificate (a simulator for tests and demos, not a server to
     * secure anything with).
     */
    private static DefaultCertificateManager certificateManager(Optional<ServerCertificate> certificate) {
        if (certificate.isEmpty()) {
            return new DefaultCertificateManager(new MemoryCertificateQuarantine());
        }
        ServerCertificate own = certificate.get();
        try {
            DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(
                    new MemoryTrustListManager(),
                    new MemoryCertificateStore(),
                    new RsaSha256CertificateFactory() {
                        @Override
                        protected KeyPair createRsaSha256KeyPair() {
                            return own.keyPair();
                        }

                        @Override
                        protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                            return new X509Certificate[]{own.certificate()};
                        }
                    },
                    new CertificateValidator.InsecureCertificateValidator());
            return new DefaultCertificateManager(new MemoryCertificateQuarantine(), group);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the simulator's certificate: " + e.getMessage(), e);
        }
    }

    private static Set<EndpointConfig> endpoints(
            String bindAddress,
            int port,
            Set<String> hostnames,
            boolean withUsername,
            Optional<ServerCertificate> certificate) {
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        for (String hostname : hostnames) {
            EndpointConfig.Builder none = base(bindAddress, port, hostname)
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None);
            if (withUsername) {
                none.addTokenPolicy(USERNAME_IN_PLAIN_TEXT);
            }
            certificate.ifPresent(c -> none.setCertificate(c.certificate()));
            endpoints.add(none.build());
            if (certificate.isPresent()) {
                for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                    EndpointConfig.Builder secure = base(bindAddress, port, hostname)
                            .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                            .setSecurityMode(mode)
                            .setCertificate(certificate.get().certificate());
                    if (withUsername) {
                        // here the password travels encrypted with the server certificate
                        secure.addTokenPolicy(USER_TOKEN_POLICY_USERNAME);
                    }
                    endpoints.add(secure.build());
                }
            }
        }
        return endpoints;
    }

    private static EndpointConfig.Builder base(String bindAddress, int port, String hostname) {
        return EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(bindAddress)
                .setBindPort(port)
                .setHostname(hostname)
                .setPath(PlantSimulator.ENDPOINT_PATH)
                .addTokenPolicy(USER_TOKEN_POLICY_ANONYMOUS);
    }
}
