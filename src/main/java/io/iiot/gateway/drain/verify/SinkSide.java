package io.iiot.gateway.drain.verify;

import java.util.Set;
import java.util.function.BiConsumer;

/** What one sink holds in a window, row by row, for {@link Reconciliation}. */
public interface SinkSide extends AutoCloseable {

    /** {@code cassandra} or {@code greenplum}. */
    String name();

    /**
     * Calls {@code each(subject, messageId)} for every row whose source time is in the window, duplicates included.
     *
     * @param subjects the subjects to look at: those the stream holds (a sink partitioned by subject can only be
     *        read subject by subject), or one subject when naming the ids of a mismatch
     * @param all true to read every row of the window when the sink can, whatever its subject
     */
    void read(Window window, Set<String> subjects, boolean all, BiConsumer<String, String> each) throws Exception;
}
