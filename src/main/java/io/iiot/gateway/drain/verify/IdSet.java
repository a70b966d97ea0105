package io.iiot.gateway.drain.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The message ids already counted on the stream side, as 64-bit fingerprints in an open-addressing table: 16 bytes
 * a message rather than a {@code String} each, so a window of ten million messages fits in a few hundred MiB. A
 * message published twice (outside JetStream's duplicate window) is one reading and is counted once.
 */
final class IdSet {

    private long[] slots = new long[1 << 16];
    private int size;

    /** Adds an id; false when it was there already. */
    boolean add(String id) {
        long fingerprint = fingerprint(id);
        if (size * 2 >= slots.length) {
            grow();
        }
        if (insert(slots, fingerprint)) {
            size++;
            return true;
        }
        return false;
    }

    private static boolean insert(long[] table, long fingerprint) {
        int mask = table.length - 1;
        for (int i = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = fingerprint;
                return true;
            }
            if (table[i] == fingerprint) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.stream(old).filter(f -> f != 0).forEach(f -> insert(slots, f));
    }

    private static long fingerprint(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return value == 0 ? 1 : value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
