package io.iiot.gateway.namespace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The {@code Nats-Msg-Id} of a reading: derived only from where it came from and when the source stamped it, so
 * a retry, a redelivery or a re-read of the same sample carries the same id and JetStream stores it once.
 */
public final class MessageId {

    /** One digest per thread: looking the algorithm up among the security providers costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private MessageId() {
    }

    /**
     * @param source the source connection, e.g. {@code opcua:opc.tcp://plc-7:4840}
     * @param item the item within the source, e.g. {@code ns=2;s=Spindle.Vib}
     * @param sourceTimestamp the source's own timestamp, at full precision
     * @return 32 lower-case hex characters (the first 128 bits of SHA-256 over the three parts)
     */
    public static String of(String source, String item, Instant sourceTimestamp) {
        if (source == null || item == null || sourceTimestamp == null) {
            throw new IllegalArgumentException("source, item and timestamp are all required for a message id");
        }
        String key = source + '\u0000' + item + '\u0000' + sourceTimestamp;
        return HexFormat.of().formatHex(sha256(key), 0, 16);
    }

    private static byte[] sha256(String text) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
