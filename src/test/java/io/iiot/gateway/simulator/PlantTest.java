package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlantTest {

    @Test
    void machinesAreNumberedFromOne() {
        assertEquals(List.of("cnc-001", "cnc-002", "cnc-003"), new Plant(3, 1).machines());
    }

    @Test
    void sameSeedGivesTheSamePlant() {
        assertEquals(readingsAfter(new Plant(5, 42), 100), readingsAfter(new Plant(5, 42), 100));
    }

    @Test
    void unknownMachineIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Plant(3, 1).indexOf("cnc-004"));
        assertEquals("unknown machine 'cnc-004', expected cnc-001 .. cnc-003", e.getMessage());
    }

    @Test
    void emptyPlantIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Plant(0, 1));
    }

    private static List<MachineReading> readingsAfter(Plant plant, int steps) {
        List<MachineReading> readings = new ArrayList<>();
        for (int i = 0; i < plant.machines().size(); i++) {
            for (int step = 0; step < steps; step++) {
                plant.step(i);
            }
            readings.add(plant.reading(i));
        }
        return readings;
    }
}
