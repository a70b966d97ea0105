-- measurements on Greenplum 6 and 7 (greenplum.dialect=greenplum), applied by the drain when the table is absent.
-- Append-optimized column storage compresses telemetry well and scans only the columns a query reads.
-- Rows are distributed by msg_id: an even spread over the segments, and the drain's duplicate check for a
-- message runs on the one segment that holds it. One range partition per day (UTC) lets old days be
-- dropped or exchanged cheaply; rows outside the configured range land in the default partition.
-- Only syntax both Greenplum 6 (PostgreSQL 9.4) and 7 accept: no ON CONFLICT, no unique key on AO tables.
CREATE SCHEMA IF NOT EXISTS {{schema}};

CREATE TABLE {{schema}}.measurements (
    org         text             NOT NULL,
    site        text             NOT NULL,
    area        text             NOT NULL,
    line        text             NOT NULL,
    machine     text             NOT NULL,
    sensor      text             NOT NULL,
    metric      text             NOT NULL,
    ts          timestamptz      NOT NULL,
    value       double precision,
    value_text  text,
    unit        text             NOT NULL,
    quality     text             NOT NULL,
    msg_id      text             NOT NULL,
    stream_seq  bigint           NOT NULL,
    stored_at   timestamptz      NOT NULL DEFAULT now()
)
WITH (appendoptimized=true, orientation=column, compresstype=zstd, compresslevel=1)
DISTRIBUTED BY (msg_id)
PARTITION BY RANGE (ts)
(
    START (timestamptz '{{partition-start}} 00:00:00+00') INCLUSIVE
    END (timestamptz '{{partition-end}} 00:00:00+00') EXCLUSIVE
    EVERY (INTERVAL '1 day'),
    DEFAULT PARTITION outside_range
);

CREATE INDEX measurements_msg_id ON {{schema}}.measurements (msg_id);
