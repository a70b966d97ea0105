-- measurements on PostgreSQL 15 (greenplum.dialect=postgres), applied by the drain when the table is absent.
-- The primary key (ts, msg_id) makes every message one row: the drain moves rows in with ON CONFLICT DO NOTHING,
-- so a redelivered or concurrently written message is never stored twice. ts leads the key, so rows of a
-- time window are read in key order and new rows land at the right edge of the index.
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
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (ts, msg_id)
);

COMMENT ON TABLE {{schema}}.measurements IS 'Telemetry drained from JetStream, one row per message (iiot-nats-gateway)';
