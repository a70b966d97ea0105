COPY drain_staging (org, site, area, line, machine, sensor, metric, ts, value, value_text, unit, quality, msg_id, stream_seq) FROM STDIN
