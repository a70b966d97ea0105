package io.iiot.gateway.drain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches into {@code {schema}.measurements} on Greenplum or PostgreSQL, each message exactly once.
 *
 * <p>One transaction per batch: {@code COPY} the rows into a temporary staging table (pgjdbc's CopyManager, the
 * database's bulk path, never row-by-row INSERT), then move only the rows whose message is not in the table yet
 * ({@code sql/<dialect>/move.sql}), then commit. On PostgreSQL a batch first goes straight into the table
 * ({@code copy-direct.sql}): its primary key refuses the whole COPY if any message is stored already, and only
 * such a batch (a redelivery) takes the staging path; Greenplum has no unique key on append-optimized tables, so
 * every batch takes the staging path there. The drain acknowledges after the commit, so a redelivery (an
 * acknowledgement lost, a crash between commit and acknowledgement, a second instance on the same consumer)
 * finds its rows present and adds nothing.
 *
 * <p>Failures are sorted by SQLSTATE. A data error (class 22, 23, 54) concerns some row of the batch: the batch is
 * split in halves until the row is found, the other rows are committed and that message is rejected. A unique
 * violation from a concurrent writer is retried. Anything else (connection lost, database down, missing table or
 * permission) makes the sink unavailable: nothing is committed and the drain retries the batch later.
 *
 * <p>The table is created from {@code sql/<dialect>/schema.sql} on the first connection when it is absent.
 */
public final class GreenplumSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(GreenplumSink.class);
    private static final int CONFLICT_RETRIES = 5;

    private final GreenplumSettings settings;
    private final String copy;
    /** COPY straight into measurements, for a dialect whose primary key refuses a stored message; else null. */
    private final String copyDirect;
    private final List<String> move;
    private final List<String> staging;
    private final SinkStatus status = new SinkStatus("greenplum");
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean schemaChecked;

    /** @param settings where to write */
    public GreenplumSink(GreenplumSettings settings) {
        this.settings = settings;
        this.copy = settings.commonScript("copy-staging.sql").statement();
        this.copyDirect = settings.dialect() == GreenplumSettings.Dialect.POSTGRES
                ? settings.script("copy-direct.sql").statement()
                : null;
        this.move = settings.script("move.sql").statements();
        this.staging = settings.script("staging.sql").statements();
    }

    @Override
    public String name() {
        return "greenplum";
    }

    @Override
    public SinkStatus status() {
        return status;
    }

    @Override
    public void write(DrainBatch batch) throws SinkUnavailableException {
        List<Measurement> rows = batch.measurements();
        if (!rows.isEmpty()) {
            write(rows, batch);
        }
    }

    private void write(List<Measurement> rows, DrainBatch batch) throws SinkUnavailableException {
        for (int attempt = 1;; attempt++) {
            try {
                commit(rows);
                status.up();
                return;
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.equals("23505") && attempt < CONFLICT_RETRIES) {
                    // another instance committed one of these messages meanwhile: now it is visible and skipped
                    LOG.debug("concurrent write of the same messages, retrying: {}", e.getMessage());
                } else if (isDataError(state)) {
                    isolate(rows, batch, e);
                    return;
                } else {
                    // the other idle connections are most likely broken too: the next attempt opens new ones
                    close();
                    status.down(e.getMessage());
                    throw new SinkUnavailableException(name(), e);
                }
            }
        }
    }

    /** Splits a batch with a bad row until the row is alone, committing the rest. */
    private void isolate(List<Measurement> rows, DrainBatch batch, SQLException failure)
            throws SinkUnavailableException {
        if (rows.size() == 1) {
            Measurement row = rows.get(0);
            LOG.warn("greenplum refused message {} on {}: {}", row.msgId(), row.subject(), failure.getMessage());
            batch.reject(row.msgId(), Rejection.refusedBy(name(), failure.getMessage()));
            return;
        }
        int half = rows.size() / 2;
        write(rows.subList(0, half), batch);
        write(rows.subList(half, rows.size()), batch);
    }

    private void commit(List<Measurement> rows) throws SQLException {
        byte[] data = CopyText.encode(rows);
        if (copyDirect != null && commitDirect(data)) {
            return;
        }
        Connection connection = borrow();
        boolean healthy = false;
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(data));
            try (Statement statement = connection.createStatement()) {
                for (String sql : move) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            healthy = true;
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        } finally {
            giveBack(connection, healthy);
        }
    }

    /**
     * The fast path: COPY the batch straight into measurements and commit. False, with nothing committed, when the
     * primary key refused it: a message of the batch is stored already, and the staging path skips it.
     */
    private boolean commitDirect(byte[] data) throws SQLException {
        Connection connection = borrow();
        boolean healthy = false;
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyDirect, new ByteArrayInputStream(data));
            connection.commit();
            healthy = true;
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                LOG.debug("batch holds a message already stored, moving only new rows: {}", e.getMessage());
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        } finally {
            giveBack(connection, healthy);
        }
    }

    /** An idle connection, or a new one with the schema checked and its staging table made. */
    private Connection borrow() throws SQLException {
        Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        connection = settings.openConnection();
        try {
            if (!schemaChecked) {
                applySchemaIfAbsent(connection);
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : staging) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private void giveBack(Connection connection, boolean healthy) {
        try {
            if (!healthy) {
                connection.rollback();
            }
            idle.addFirst(connection);
        } catch (SQLException e) {
            // a connection that cannot even roll back is broken: drop it, the next write opens a new one
            closeQuietly(connection);
        }
    }

    private synchronized void applySchemaIfAbsent(Connection connection) throws SQLException {
        if (schemaChecked) {
            return;
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?)")) {
            exists.setString(1, settings.schema() + ".measurements");
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (result.getString(1) == null) {
                    try (Statement statement = connection.createStatement()) {
                        for (String sql : settings.script("schema.sql").statements()) {
                            statement.execute(sql);
                        }
                    }
                    LOG.info("greenplum: created {}.measurements ({} dialect)", settings.schema(),
                            settings.dialect().directory());
                }
            }
        }
        connection.commit();
        schemaChecked = true;
    }

    /** SQLSTATE classes that concern the data of some row, not the database. */
    static boolean isDataError(String state) {
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
    }

    @Override
    public void close() {
        for (Connection connection; (connection = idle.pollFirst()) != null;) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "GreenplumSink[" + settings + "]";
    }
}
