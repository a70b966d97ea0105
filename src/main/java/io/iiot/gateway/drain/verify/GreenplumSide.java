package io.iiot.gateway.drain.verify;

import io.iiot.gateway.drain.GreenplumSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;
import java.util.function.BiConsumer;

/** The rows of {@code {schema}.measurements} in a window, read with a cursor (10,000 rows at a time). */
public final class GreenplumSide implements SinkSide {

    private final GreenplumSettings settings;
    private final Connection connection;

    /** @param settings where the table is */
    public GreenplumSide(GreenplumSettings settings) throws SQLException {
        this.settings = settings;
        this.connection = settings.openConnection();
        connection.setReadOnly(true);
    }

    @Override
    public String name() {
        return "greenplum";
    }

    @Override
    public void read(Window window, Set<String> subjects, boolean all, BiConsumer<String, String> each)
            throws SQLException {
        if (all) {
            query(window, null, each);
        } else {
            for (String subject : subjects) {
                query(window, subject, each);
            }
        }
    }

    private void query(Window window, String subject, BiConsumer<String, String> each) throws SQLException {
        String sql = settings.commonScript(subject == null ? "verify-window.sql" : "verify-subject.sql").statement();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(10_000);
            statement.setTimestamp(1, Timestamp.from(window.since()));
            statement.setTimestamp(2, Timestamp.from(window.until()));
            if (subject != null) {
                String[] tokens = subject.split("\\.", 7);
                for (int i = 0; i < 7; i++) {
                    statement.setString(3 + i, tokens[i]);
                }
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.accept(String.join(".", rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)),
                            rows.getString(8));
                }
            }
        } finally {
            connection.rollback();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
