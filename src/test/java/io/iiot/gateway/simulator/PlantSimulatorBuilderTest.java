package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlantSimulatorBuilderTest {

    @Test
    void defaultsServeThreeMachinesOnLoopbackPort4840() {
        PlantSimulator simulator = PlantSimulator.builder().build();

        assertEquals("opc.tcp://127.0.0.1:4840/plant", simulator.endpointUrl());
        assertEquals(3, simulator.machines().size());
        assertEquals(15, simulator.itemCount());
    }

    @Test
    void portZeroIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlantSimulator.builder().port(0));
        assertEquals("port must be between 1 and 65535, got 0", e.getMessage());
    }

    @Test
    void tooManyMachinesAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> PlantSimulator.builder().machines(100_001));
    }

    @Test
    void tooShortUpdateIntervalIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PlantSimulator.builder().updateInterval(Duration.ofMillis(9)));
    }

    @Test
    void blankUsernameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PlantSimulator.builder().user(" ", "pw"));
    }

    @Test
    void nodeIdOfAnUnknownVariableIsRejected() {
        PlantSimulator simulator = PlantSimulator.builder().build();

        assertThrows(IllegalArgumentException.class, () -> simulator.nodeId("cnc-001", "spindle/rpm"));
    }
}
