package io.iiot.gateway.drain;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one drain's sink, id {@code drain-cassandra} or {@code drain-greenplum} in group {@code drain}: down
 * while the sink cannot be written (the drain holds its batch and fetches nothing), with the database's own
 * message. Not a liveness check: restarting the gateway does not bring a database back.
 */
public final class SinkHealthCheck extends AbstractHealthCheck {

    private final Sink sink;

    /** @param sink the sink whose status to report */
    public SinkHealthCheck(Sink sink) {
        super("drain", "drain-" + sink.name());
        this.sink = sink;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SinkStatus status = sink.status();
        builder.detail("sink", sink.name()).detail("since", status.since().toString());
        if (status.isUp()) {
            builder.up();
        } else {
            builder.message(status.detail()).down();
        }
    }
}
