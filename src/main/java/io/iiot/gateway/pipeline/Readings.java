package io.iiot.gateway.pipeline;

import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import java.util.ArrayList;
import java.util.List;

/**
 * What a source hands to the shared pipeline in one exchange: the normalized readings of the messages (or value
 * changes) that arrived together, and those that could not be normalized, with their reasons. Every step of the
 * pipeline works on the whole batch, so Camel's cost per exchange is paid once per batch, not once per reading.
 *
 * <p>A batch is what the source had queued when its thread came back for more: one reading when the plant is quiet,
 * hundreds under load. Readings keep their order within a batch.
 */
public final class Readings {

    private List<Telemetry> telemetry;
    private final List<Rejected> rejected;
    private List<Alert> alerts = List.of();
    private List<Rejected> refused = List.of();

    /**
     * @param telemetry the normalized readings, in arrival order
     * @param rejected the messages that could not be normalized
     */
    public Readings(List<Telemetry> telemetry, List<Rejected> rejected) {
        this.telemetry = new ArrayList<>(telemetry);
        this.rejected = new ArrayList<>(rejected);
    }

    /** The readings still on their way to telemetry (a deadband may have dropped some). */
    public List<Telemetry> telemetry() {
        return telemetry;
    }

    /** Replaces the readings, e.g. with the ones a filter let through or the enriched ones. */
    public void telemetry(List<Telemetry> kept) {
        this.telemetry = kept;
    }

    /** The alerts the readings raised, published to ALERTS before the readings go to telemetry. */
    public List<Alert> alerts() {
        return alerts;
    }

    /** Sets the alerts the readings raised. */
    public void alerts(List<Alert> raised) {
        this.alerts = List.copyOf(raised);
    }

    /** What could not be normalized, and what the stream refused (see {@link #refused(List)}), to dead-letter. */
    public List<Rejected> rejected() {
        if (refused.isEmpty()) {
            return rejected;
        }
        List<Rejected> all = new ArrayList<>(rejected);
        all.addAll(refused);
        return all;
    }

    /**
     * Sets the readings the stream refused on the last publish of this batch; a retried publish sets them anew, so a
     * refusal is dead-lettered once however often the batch is published.
     */
    public void refused(List<Rejected> readings) {
        this.refused = List.copyOf(readings);
    }

    @Override
    public String toString() {
        return "Readings[" + telemetry.size() + " readings, " + rejected().size() + " rejected]";
    }

    /**
     * A message that is dead-lettered rather than published.
     *
     * @param arrival what arrived, and from where
     * @param reason why it is not published
     */
    public record Rejected(Arrival arrival, RejectedReadingException reason) {
    }
}
