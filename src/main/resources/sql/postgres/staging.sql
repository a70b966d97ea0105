-- Per connection: the batch is COPYed here first, then moved into measurements in the same transaction.
CREATE TEMP TABLE IF NOT EXISTS drain_staging (
    org text, site text, area text, line text, machine text, sensor text, metric text, ts timestamptz,
    value double precision, value_text text, unit text, quality text, msg_id text, stream_seq bigint
) ON COMMIT DELETE ROWS;
