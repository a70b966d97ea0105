package io.iiot.gateway.drain;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches into {@code {keyspace}.measurements} on Cassandra through the DataStax driver: one prepared
 * INSERT per row, sent asynchronously with at most {@code cassandra.max-in-flight} outstanding, and the batch
 * returns once every row is acknowledged. The primary key holds the message id, so a redelivered message writes
 * the same row again rather than a second one (idempotent by primary key); the statements are marked idempotent,
 * so the driver may retry them.
 *
 * <p>Why not camel-cassandraql: it executes one synchronous statement per exchange, which caps a drain at one
 * round trip per row. The keyspace and table come from {@code cql/*.cql}, created on the first connection when
 * absent. A row the server refuses as invalid, or with a value its column cannot hold, is rejected; any other
 * failure (no node reachable, timeouts, overload) makes the sink unavailable and the drain retries the batch.
 */
public final class CassandraSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraSink.class);
    private static final Duration SCHEMA_TIMEOUT = Duration.ofMinutes(1);

    private final CassandraSettings settings;
    private final SinkStatus status = new SinkStatus("cassandra");
    private final Semaphore inFlight;
    private CqlSession session;
    private PreparedStatement insert;

    /** @param settings where to write */
    public CassandraSink(CassandraSettings settings) {
        this.settings = settings;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public SinkStatus status() {
        return status;
    }

    @Override
    public void write(DrainBatch batch) throws SinkUnavailableException {
        List<Measurement> rows = batch.measurements();
        if (rows.isEmpty()) {
            return;
        }
        PreparedStatement statement = prepared();
        CqlSession cql = session;
        List<CompletableFuture<?>> writes = new ArrayList<>(rows.size());
        try {
            for (Measurement row : rows) {
                BoundStatement bound;
                try {
                    bound = bind(statement, row).build();
                } catch (RuntimeException e) {
                    // binding reads only this row: a value its column cannot hold (a time beyond Cassandra's range)
                    // refuses this row, never the batch around it
                    refuse(batch, row, e);
                    writes.add(CompletableFuture.completedFuture(null));
                    continue;
                }
                inFlight.acquire();
                CompletableFuture<?> write = cql.executeAsync(bound).toCompletableFuture();
                write.whenComplete((result, failure) -> inFlight.release());
                writes.add(write);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkUnavailableException(name(), e);
        }
        RuntimeException unavailable = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                writes.get(i).join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof InvalidQueryException) {
                    refuse(batch, rows.get(i), cause);
                } else if (unavailable == null) {
                    unavailable = cause instanceof RuntimeException runtime ? runtime : e;
                }
            }
        }
        if (unavailable != null) {
            status.down(unavailable.getMessage());
            throw new SinkUnavailableException(name(), unavailable);
        }
        status.up();
    }

    private void refuse(DrainBatch batch, Measurement row, Throwable cause) {
        LOG.warn("cassandra refused message {} on {}: {}", row.msgId(), row.subject(), cause.getMessage());
        batch.reject(row.msgId(), Rejection.refusedBy(name(), cause.getMessage()));
    }

    /**
     * Binds by position, in the column order of {@code cql/insert-measurement.cql}: by name, the driver would look up
     * every column's name for every row. Text goes in as its UTF-8 bytes: the driver's text codec encodes through a
     * {@link java.nio.charset.CharsetEncoder}, which cost more than the rest of the binding.
     */
    private BoundStatementBuilder bind(PreparedStatement statement, Measurement row) {
        BoundStatementBuilder bound = statement.boundStatementBuilder()
                .setBytesUnsafe(0, text(row.org()))
                .setBytesUnsafe(1, text(row.site()))
                .setBytesUnsafe(2, text(row.machine()))
                .setBytesUnsafe(3, text(row.sensor()))
                .setBytesUnsafe(4, text(row.metric()))
                .setLocalDate(5, row.day())
                .setInstant(6, row.ts())
                .setBytesUnsafe(7, text(row.msgId()))
                .setBytesUnsafe(8, text(row.area()))
                .setBytesUnsafe(9, text(row.line()))
                .setBytesUnsafe(12, text(row.unit()))
                .setBytesUnsafe(13, text(row.quality()))
                .setLong(14, row.streamSequence())
                .setInt(15, settings.ttlSeconds());
        // a null would write a tombstone; an unset value writes nothing
        if (row.value() != null) {
            bound.setDouble(10, row.value());
        }
        if (row.valueText() != null) {
            bound.setBytesUnsafe(11, text(row.valueText()));
        }
        return bound;
    }

    /** A text column's value as the driver would send it: UTF-8, or null. */
    private static ByteBuffer text(String value) {
        return value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The prepared INSERT, connecting (and creating the schema when absent) first if needed. */
    private synchronized PreparedStatement prepared() throws SinkUnavailableException {
        if (insert != null) {
            return insert;
        }
        try {
            if (session == null) {
                session = settings.openSession();
            }
            for (String file : List.of("keyspace.cql", "measurements.cql")) {
                for (String cql : settings.script(file).statements()) {
                    session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_TIMEOUT));
                }
            }
            insert = session.prepare(SimpleStatement
                    .builder(settings.script("insert-measurement.cql").statement())
                    .setIdempotence(true)
                    .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
                    .build());
            LOG.info("cassandra: writing to {}.measurements", settings.keyspace());
            return insert;
        } catch (RuntimeException e) {
            status.down(e.getMessage());
            throw new SinkUnavailableException(name(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
            insert = null;
        }
    }

    @Override
    public String toString() {
        return "CassandraSink[" + settings + "]";
    }
}
