package io.iiot.gateway.namespace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One token of a NATS subject in the unified namespace: {@code [a-z0-9_-]+}, at most {@value #MAX_LENGTH}
 * characters.
 *
 * <p>Names that come from devices, topics or payloads are turned into tokens by {@link #map(String)}, the one
 * documented mapping: lower-case, then every character outside {@code [a-z0-9_-]} becomes {@code _}. A name can
 * therefore never carry {@code .}, {@code *}, {@code >} or white space into a subject, so it cannot widen or
 * re-route one. Names from trusted configuration go through {@link #parse(String)}, which refuses instead of
 * mapping, so a typo in a config file is reported rather than silently rewritten.
 */
public final class Token {

    /** Longest token accepted; longer names are rejected rather than truncated (truncation could merge names). */
    public static final int MAX_LENGTH = 128;

    /** Third-position tokens that are never an area: they name the non-telemetry subject trees. */
    public static final Set<String> RESERVED = Set.of("config", "alert", "command", "model", "dlq");

    private static final Pattern VALID = Pattern.compile("[a-z0-9_-]+");

    private final String value;

    private Token(String value) {
        this.value = value;
    }

    /**
     * Maps a name from data to a token.
     *
     * @throws RejectedReadingException with reason {@code bad_name} when the result is empty or too long
     */
    public static Token map(String name) {
        if (name == null) {
            throw new RejectedReadingException(DeadLetterReason.BAD_NAME, "name is missing");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder mapped = new StringBuilder(lower.length());
        lower.codePoints().forEach(c -> mapped.append(isTokenChar(c) ? (char) c : '_'));
        if (mapped.isEmpty()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_NAME, "name is empty");
        }
        if (mapped.length() > MAX_LENGTH) {
            throw new RejectedReadingException(DeadLetterReason.BAD_NAME,
                    "name is longer than " + MAX_LENGTH + " characters: " + abbreviate(name));
        }
        return new Token(mapped.toString());
    }

    /**
     * Validates a token from configuration without mapping it.
     *
     * @throws IllegalArgumentException naming the problem when {@code text} is not already a valid token
     */
    public static Token parse(String text) {
        if (text == null || !VALID.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a subject token ([a-z0-9_-]+)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("token is longer than " + MAX_LENGTH + " characters");
        }
        return new Token(text);
    }

    /** True when this token is one of {@link #RESERVED}. */
    public boolean isReserved() {
        return RESERVED.contains(value);
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The token text, ready to join into a subject; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
