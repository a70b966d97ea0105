-- Moves the staged batch into measurements, skipping every message already there. Append-optimized tables
-- have no unique key on Greenplum 6, so movers take turns: the lock conflicts with itself (not with readers or
-- COPY into staging), and the INSERT, a new statement, sees every row a mover before it committed.
LOCK TABLE {{schema}}.measurements IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO {{schema}}.measurements
    (org, site, area, line, machine, sensor, metric, ts, value, value_text, unit, quality, msg_id, stream_seq)
SELECT s.org, s.site, s.area, s.line, s.machine, s.sensor, s.metric, s.ts, s.value, s.value_text, s.unit,
       s.quality, s.msg_id, s.stream_seq
FROM drain_staging s
WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.measurements m WHERE m.msg_id = s.msg_id AND m.ts = s.ts);
