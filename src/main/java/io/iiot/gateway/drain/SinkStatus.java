package io.iiot.gateway.drain;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a sink can be written, as its last attempt found. It logs each change once: one warning when the sink
 * goes down (not one per retry), one line when it is back. Health checks read it.
 */
public final class SinkStatus {

    private static final Logger LOG = LoggerFactory.getLogger(SinkStatus.class);

    private final String sink;
    private boolean up = true;
    private String detail = "";
    private Instant since = Instant.now();

    /** @param sink the sink's name, used in log lines */
    public SinkStatus(String sink) {
        this.sink = sink;
    }

    /** Records a successful write or connect; logs when the sink was down. */
    public synchronized void up() {
        if (!up) {
            LOG.info("{} sink is back after {} s; the drain resumes and catches up", sink,
                    Duration.between(since, Instant.now()).toSeconds());
            up = true;
            detail = "";
            since = Instant.now();
        }
    }

    /** Records a failure that makes the sink unwritable; logs only when it was up. */
    public synchronized void down(String why) {
        if (up) {
            LOG.warn(
                    "{} sink is down ({}); its drain stops fetching, acknowledges nothing and retries until it is back",
                    sink, why);
            up = false;
            since = Instant.now();
        }
        detail = why;
    }

    /** True unless the last attempt found the sink unwritable. */
    public synchronized boolean isUp() {
        return up;
    }

    /** Why the sink is down, empty when up. */
    public synchronized String detail() {
        return detail;
    }

    /** When the current state began. */
    public synchronized Instant since() {
        return since;
    }

    @Override
    public synchronized String toString() {
        return sink + (up ? " up" : " down: " + detail);
    }
}
