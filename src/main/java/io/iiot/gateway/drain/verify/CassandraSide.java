package io.iiot.gateway.drain.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iiot.gateway.drain.CassandraSettings;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rows of {@code {keyspace}.measurements} in a window. The table is partitioned by org, site, machine, sensor,
 * metric and day, so it is read partition by partition for the subjects the stream holds; a row on a subject the
 * stream does not have in the window is not seen.
 */
public final class CassandraSide implements SinkSide {

    private final CqlSession session;
    private final PreparedStatement select;

    /** @param settings where the table is */
    public CassandraSide(CassandraSettings settings) {
        this.session = settings.openSession();
        this.select = session.prepare(settings.script("verify-partition.cql").statement());
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public void read(Window window, Set<String> subjects, boolean all, BiConsumer<String, String> each) {
        Set<String> partitions = new LinkedHashSet<>();
        for (String subject : subjects) {
            String[] t = subject.split("\\.", 7);
            partitions.add(String.join("\u0000", t[0], t[1], t[4], t[5], t[6]));
        }
        LocalDate last = window.until().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        for (String partition : partitions) {
            String[] p = partition.split("\u0000");
            for (LocalDate day = window.since().atOffset(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day
                    .plusDays(1)) {
                for (Row row : session.execute(select.bind(p[0], p[1], p[2], p[3], p[4], day, window.since(),
                        window.until()).setPageSize(10_000))) {
                    String subject = String.join(".", p[0], p[1], row.getString(0), row.getString(1), p[2], p[3], p[4]);
                    if (subjects.contains(subject)) {
                        each.accept(subject, row.getString(2));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
