-- Per connection: the batch is COPYed here first, then moved into measurements in the same transaction.
-- msg_id comes first because Greenplum distributes a table without DISTRIBUTED BY by its first column: the
-- staged rows then sit on the segments that hold their messages in measurements (and the statement stays
-- valid on PostgreSQL, where the load is tested).
CREATE TEMP TABLE IF NOT EXISTS drain_staging (
    msg_id text, org text, site text, area text, line text, machine text, sensor text, metric text,
    ts timestamptz, value double precision, value_text text, unit text, quality text, stream_seq bigint
) ON COMMIT DELETE ROWS;
