package io.iiot.gateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A username and password accepted by the simulator's OPC-UA server.
 *
 * @param username non-blank user name
 * @param password non-empty password
 */
record Credentials(String username, String password) {

    /** Validates that both parts are present. */
    Credentials {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
    }

    /** Whether the given login matches, comparing the password in constant time. */
    boolean matches(String candidateUsername, String candidatePassword) {
        return username.equals(candidateUsername)
                && candidatePassword != null
                && MessageDigest.isEqual(
                        password.getBytes(StandardCharsets.UTF_8),
                        candidatePassword.getBytes(StandardCharsets.UTF_8));
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
