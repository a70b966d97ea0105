package io.iiot.gateway.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values of all machines after one simulator tick, as served over OPC-UA.
 *
 * @param timestamp the tick time: the source timestamp of every value that changed in this tick (a
 *     value that did not change keeps the source timestamp of the tick that last changed it)
 * @param readings one reading per machine, in machine order
 * @param changes values written over OPC-UA in this tick (those that changed), each with the tick's timestamp
 */
public record PlantSnapshot(Instant timestamp, List<MachineReading> readings, int changes) {

    /** Validates presence and makes the readings immutable. */
    public PlantSnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        readings = List.copyOf(readings);
    }
}
