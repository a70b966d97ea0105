package io.iiot.gateway.drain.verify;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Per subject: how many message ids, and the sum of their CRC32s. The sum does not depend on the order rows are
 * read in, and a duplicate adds to it (where XOR would cancel out), so two tallies are equal only when both sides
 * hold the same count and, almost surely, the same ids.
 */
public final class Tally {

    private final Map<String, long[]> subjects = new TreeMap<>();
    private long total;

    /** Counts one message id on a subject. */
    public void add(String subject, String messageId) {
        long[] entry = subjects.computeIfAbsent(subject, s -> new long[2]);
        entry[0]++;
        entry[1] += crc32(messageId);
        total++;
    }

    /** The subjects seen, sorted. */
    public Map<String, long[]> subjects() {
        return subjects;
    }

    /** Messages counted on {@code subject}. */
    public long count(String subject) {
        long[] entry = subjects.get(subject);
        return entry == null ? 0 : entry[0];
    }

    /** The checksum of {@code subject}. */
    public long checksum(String subject) {
        long[] entry = subjects.get(subject);
        return entry == null ? 0 : entry[1];
    }

    /** Messages counted on every subject. */
    public long total() {
        return total;
    }

    /** True when {@code subject} has the same count and checksum in both tallies. */
    public boolean matches(Tally other, String subject) {
        return count(subject) == other.count(subject) && checksum(subject) == other.checksum(subject);
    }

    static long crc32(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
