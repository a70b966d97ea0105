package io.iiot.gateway.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values of all machines after one simulator tick, as served over OPC-UA.
 *
 * @param timestamp source timestamp of every value in this snapshot
 * @param readings one reading per machine, in machine order
 */
public record PlantSnapshot(Instant timestamp, List<MachineReading> readings) {

    /** Validates presence and makes the readings immutable. */
    public PlantSnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        readings = List.copyOf(readings);
    }
}
