-- The fast path on PostgreSQL: a batch goes straight into measurements. The primary key refuses the whole COPY
-- when one of its messages is already stored (a redelivery); that batch then takes the staging path.
COPY {{schema}}.measurements (org, site, area, line, machine, sensor, metric, ts, value, value_text, unit, quality, msg_id, stream_seq) FROM STDIN
