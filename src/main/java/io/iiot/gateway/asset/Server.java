package io.iiot.gateway.asset;

import io.iiot.gateway.namespace.Token;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An OPC-UA server of the asset model; the gateway keeps one client session per server.
 *
 * @param id token the machines refer to
 * @param endpointUrl {@code opc.tcp://host:port/path}
 * @param securityPolicy message security policy
 * @param securityMode message security mode; {@link SecurityMode#NONE} exactly when the policy is
 *        {@link SecurityPolicy#NONE}
 * @param username user name for login, empty for anonymous; the password comes only from the environment
 *        variable {@link #passwordVariable()}
 */
public record Server(Token id, String endpointUrl, SecurityPolicy securityPolicy, SecurityMode securityMode,
        Optional<String> username) {

    public Server {
        Objects.requireNonNull(id, "id");
        if (endpointUrl == null || !endpointUrl.startsWith("opc.tcp://") || endpointUrl.length() <= 10) {
            throw new IllegalArgumentException("'" + endpointUrl + "' is not an opc.tcp:// endpoint URL");
        }
        Objects.requireNonNull(securityPolicy, "securityPolicy");
        Objects.requireNonNull(securityMode, "securityMode");
        if ((securityPolicy == SecurityPolicy.NONE) != (securityMode == SecurityMode.NONE)) {
            throw new IllegalArgumentException("security policy " + securityPolicy.text() + " cannot be used with mode "
                    + securityMode.text() + " (None goes with None; Basic256Sha256 with Sign or SignAndEncrypt)");
        }
        username = username == null ? Optional.empty() : username.filter(u -> !u.isEmpty());
    }

    /** The environment variable holding this server's password: {@code OPCUA_PASSWORD_<ID>}, {@code -} as {@code _}. */
    public String passwordVariable() {
        return "OPCUA_PASSWORD_" + id.toString().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** OPC-UA security policies the gateway supports. */
    public enum SecurityPolicy {
        NONE("None"), BASIC256SHA256("Basic256Sha256");

        private final String text;

        SecurityPolicy(String text) {
            this.text = text;
        }

        /** The name as written in {@code assets.yaml}. */
        public String text() {
            return text;
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static SecurityPolicy parse(String text) {
            for (SecurityPolicy policy : values()) {
                if (policy.text.equals(text)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException(
                    "'" + text + "' is not a supported security policy (None, Basic256Sha256)");
        }
    }

    /** OPC-UA message security modes. */
    public enum SecurityMode {
        NONE("None"), SIGN("Sign"), SIGN_AND_ENCRYPT("SignAndEncrypt");

        private final String text;

        SecurityMode(String text) {
            this.text = text;
        }

        /** The name as written in {@code assets.yaml}. */
        public String text() {
            return text;
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static SecurityMode parse(String text) {
            for (SecurityMode mode : values()) {
                if (mode.text.equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a security mode (None, Sign, SignAndEncrypt)");
        }
    }
}
