package io.iiot.gateway.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.iiot.gateway.asset.Server;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Milo clients for a server of the asset model, the one way the gateway and {@code discover} open a session: the
 * server's security policy and mode, user-name login when it names a user, the gateway's certificate and trust list.
 * The endpoint the server describes is reached through the host and port of the configured URL (a server behind NAT
 * or in a container often advertises a name the gateway cannot resolve).
 */
final class OpcUaClients {

    private OpcUaClients() {
    }

    /**
     * A client, not yet connected.
     *
     * @param password the password when the server names a user
     * @throws UaException when the server cannot be asked for its endpoints or offers none with the policy and mode
     */
    static OpcUaClient create(Server server, ClientSecurity security, Optional<String> password,
            long requestTimeoutMs, String applicationName) throws UaException {
        String policyUri = policy(server).getUri();
        MessageSecurityMode mode = mode(server);
        return OpcUaClient.create(server.endpointUrl(), endpoints -> select(server, endpoints, policyUri, mode),
                transport -> {
                }, config -> config.setApplicationName(LocalizedText.english(applicationName))
                        .setApplicationUri(security.applicationUri())
                        .setProductUri("urn:iiot-nats-gateway")
                        .setKeyPair(security.keyPair())
                        .setCertificate(security.certificate())
                        .setCertificateChain(new X509Certificate[]{security.certificate()})
                        .setCertificateValidator(security.validator())
                        .setRequestTimeout(uint(requestTimeoutMs))
                        .setIdentityProvider(identity(server, security, password)));
    }

    /**
     * One line saying why a session could not be opened; for a server whose certificate is not trusted yet, where its
     * certificate now is and where to move it.
     */
    static String problem(Throwable e, Path trustDir) {
        String line = oneLine(e);
        return untrusted(e)
                ? line + " (the server's certificate is in " + trustDir.resolve("rejected") + "; move it to "
                        + trustDir.resolve("trusted/certs") + " to trust it)"
                : line;
    }

    /** The first line of the message of the innermost cause. */
    static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse("");
    }

    private static Optional<EndpointDescription> select(Server server, List<EndpointDescription> endpoints,
            String policyUri, MessageSecurityMode mode) {
        Optional<EndpointDescription> found = endpoints.stream()
                .filter(e -> policyUri.equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode).findFirst();
        if (found.isEmpty()) {
            throw new IllegalStateException("the server offers no endpoint with security policy "
                    + server.securityPolicy().text() + " and mode " + server.securityMode().text() + " (it offers "
                    + endpoints.stream().map(e -> e.getSecurityPolicyUri().replaceFirst(".*#", "") + "/"
                            + e.getSecurityMode()).distinct().collect(Collectors.joining(", "))
                    + ")");
        }
        return found.map(e -> EndpointUtil.updateUrl(e, EndpointUtil.getHost(server.endpointUrl()),
                EndpointUtil.getPort(server.endpointUrl())));
    }

    private static IdentityProvider identity(Server server, ClientSecurity security, Optional<String> password) {
        if (server.username().isEmpty()) {
            return AnonymousProvider.INSTANCE;
        }
        return new UsernameProvider(server.username().get(), password.orElse(""), security.validator());
    }

    private static SecurityPolicy policy(Server server) {
        return switch (server.securityPolicy()) {
            case NONE -> SecurityPolicy.None;
            case BASIC256SHA256 -> SecurityPolicy.Basic256Sha256;
        };
    }

    private static MessageSecurityMode mode(Server server) {
        return switch (server.securityMode()) {
            case NONE -> MessageSecurityMode.None;
            case SIGN -> MessageSecurityMode.Sign;
            case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
        };
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UaException ua) {
                long code = ua.getStatusCode().getValue();
                if (code == StatusCodes.Bad_CertificateUntrusted || code == StatusCodes.Bad_SecurityChecksFailed) {
                    return true;
                }
            }
        }
        return false;
    }
}
