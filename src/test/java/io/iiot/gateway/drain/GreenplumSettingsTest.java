package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The DDL per dialect; the postgres one is executed by GreenplumDrainIT, the Greenplum one is checked as text. */
class GreenplumSettingsTest {

    private static GreenplumSettings settings(GreenplumSettings.Dialect dialect) {
        return new GreenplumSettings("jdbc:postgresql://gp:5432/plant", "gw", "", "telemetry", dialect,
                LocalDate.parse("2026-01-01"), LocalDate.parse("2027-01-01"));
    }

    private static String greenplum(String file) {
        return String.join(";\n", settings(GreenplumSettings.Dialect.GREENPLUM).script(file).statements())
                .replaceAll("\\s+", " ");
    }

    @Test
    void greenplumStoresMeasurementsAppendOptimizedByColumnDistributedByMessageId() {
        String ddl = greenplum("schema.sql");
        assertTrue(ddl.contains("CREATE TABLE telemetry.measurements ("), ddl);
        assertTrue(ddl.contains("WITH (appendoptimized=true, orientation=column"), ddl);
        assertTrue(ddl.contains("DISTRIBUTED BY (msg_id)"), ddl);
    }

    @Test
    void greenplumPartitionsByDayWithTheClassicSyntaxOfGreenplum6And7() {
        String ddl = greenplum("schema.sql");
        assertTrue(ddl.contains("PARTITION BY RANGE (ts) ( START (timestamptz '2026-01-01 00:00:00+00') INCLUSIVE "
                + "END (timestamptz '2027-01-01 00:00:00+00') EXCLUSIVE EVERY (INTERVAL '1 day'), "
                + "DEFAULT PARTITION outside_range )"), ddl);
    }

    @Test
    void greenplumScriptsUseNothingGreenplum6Lacks() {
        // Greenplum 6 is PostgreSQL 9.4: no ON CONFLICT, no CREATE INDEX IF NOT EXISTS, no declarative
        // partitions, no identity columns, no unique key on an append-optimized table
        for (String file : List.of("schema.sql", "staging.sql", "move.sql")) {
            String sql = greenplum(file).toUpperCase(Locale.ROOT);
            for (String feature : List.of("ON CONFLICT", "INDEX IF NOT EXISTS", "PARTITION OF", "GENERATED",
                    "PRIMARY KEY", "UNIQUE")) {
                assertFalse(sql.contains(feature), file + " uses " + feature);
            }
        }
    }

    @Test
    void greenplumMoversTakeTurnsAndSkipMessagesAlreadyStored() {
        String move = greenplum("move.sql");
        assertTrue(move.startsWith("LOCK TABLE telemetry.measurements IN SHARE ROW EXCLUSIVE MODE;"), move);
        assertTrue(move.contains("WHERE NOT EXISTS (SELECT 1 FROM telemetry.measurements m WHERE m.msg_id = s.msg_id"),
                move);
    }

    @Test
    void postgresKeysEveryMessageOnce() {
        String ddl = String.join(";", settings(GreenplumSettings.Dialect.POSTGRES).script("schema.sql").statements());
        assertTrue(ddl.contains("PRIMARY KEY (ts, msg_id)"), ddl);
        assertTrue(String.join(";", settings(GreenplumSettings.Dialect.POSTGRES).script("move.sql").statements())
                .contains("ON CONFLICT (ts, msg_id) DO NOTHING"));
    }

    @Test
    void aBadSettingNamesItsKey() {
        assertEquals("greenplum.dialect: 'oracle' is not greenplum or postgres",
                assertThrows(IllegalArgumentException.class, () -> GreenplumSettings.Dialect.parse("oracle"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new GreenplumSettings("jdbc:postgresql://gp/x", "", "", "Telemetry; DROP",
                        GreenplumSettings.Dialect.POSTGRES, LocalDate.MIN, LocalDate.MAX))
                .getMessage().startsWith("greenplum.schema:"));
    }
}
