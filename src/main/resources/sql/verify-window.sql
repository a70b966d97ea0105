-- verify: every row of a time window (source time), with what makes its subject and its message id.
SELECT org, site, area, line, machine, sensor, metric, msg_id FROM {{schema}}.measurements WHERE ts >= ? AND ts < ?
