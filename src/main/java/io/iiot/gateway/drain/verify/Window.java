package io.iiot.gateway.drain.verify;

import java.time.Duration;
import java.time.Instant;

/**
 * The time window a reconciliation covers, by source timestamp ({@code ts} in the sinks): {@code since} inclusive,
 * {@code until} exclusive. The stream is read from {@code since - maxLag} to {@code until + maxLag} by the time it
 * stored each message, so a reading that reached the stream up to {@code maxLag} late (an edge that buffered
 * through a link outage) is still found.
 *
 * @param since first source time included
 * @param until first source time excluded
 * @param maxLag how late a message may have reached the stream
 */
public record Window(Instant since, Instant until, Duration maxLag) {

    public Window {
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("--since must be before --until");
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("--max-lag must not be negative");
        }
    }

    /** True when a source time falls in the window. */
    public boolean contains(Instant ts) {
        return !ts.isBefore(since) && ts.isBefore(until);
    }
}
