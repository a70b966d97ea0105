package io.iiot.gateway.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values of the machines the simulator stepped together at one instant, as served over OPC-UA. The
 * simulator spreads its machines over the update interval, so one interval brings several snapshots
 * that together hold every machine once.
 *
 * @param timestamp the time of the step: the source timestamp of every value that changed in it (a value
 *     that did not change keeps the source timestamp of the step that last changed it)
 * @param readings one reading per machine stepped, in machine order
 * @param changes values written over OPC-UA in this step (those that changed), each with its timestamp
 */
public record PlantSnapshot(Instant timestamp, List<MachineReading> readings, int changes) {

    /** Validates presence and makes the readings immutable. */
    public PlantSnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        readings = List.copyOf(readings);
    }
}
