-- verify: the rows of one subject in a time window, to name missing and duplicated message ids.
SELECT org, site, area, line, machine, sensor, metric, msg_id FROM {{schema}}.measurements
WHERE ts >= ? AND ts < ? AND org = ? AND site = ? AND area = ? AND line = ? AND machine = ? AND sensor = ? AND metric = ?
