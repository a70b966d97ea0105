package io.iiot.gateway.ops.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console password hashes: PBKDF2 with HMAC-SHA-256, written {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} with salt
 * and hash in Base64. Only the JDK is needed to make or check one; the {@code console-user} command prints a line
 * for the users file.
 */
public final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a random salt. */
    public static String of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + ":" + ITERATIONS + ":" + base64.encodeToString(salt) + ":"
                + base64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * Checks a password against a hash, in time independent of where they differ.
     *
     * @throws IllegalArgumentException when {@code hash} is not in this class's format
     */
    public static boolean matches(char[] password, String hash) {
        String[] parts = hash.split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || !parts[1].matches("[0-9]{1,7}")) {
            throw new IllegalArgumentException("not a " + SCHEME + ":ITERATIONS:SALT:HASH password hash");
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash has invalid Base64: " + e.getMessage());
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    static void clear(char[] password) {
        Arrays.fill(password, '\0');
    }
}
