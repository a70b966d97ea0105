-- Moves the staged batch into measurements, skipping every message already there. ON CONFLICT on the primary
-- key also waits for a concurrent transaction that inserts the same message (a second instance on the same
-- consumer after a redelivery) and then skips it, so the table never holds a message twice.
INSERT INTO {{schema}}.measurements
    (org, site, area, line, machine, sensor, metric, ts, value, value_text, unit, quality, msg_id, stream_seq)
SELECT org, site, area, line, machine, sensor, metric, ts, value, value_text, unit, quality, msg_id, stream_seq
FROM drain_staging
ON CONFLICT (ts, msg_id) DO NOTHING;
