package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MachineModelTest {

    private static final int LONG_RUN = 50_000;

    @Test
    void valuesStayWithinBoundsOverALongRun() {
        for (long seed = 1; seed <= 5; seed++) {
            for (MachineReading reading : run(seed, LONG_RUN)) {
                assertWithin(reading.vibrationRms(), 0, MachineModel.MAX_VIBRATION);
                assertWithin(reading.motorCurrent(), 0, MachineModel.MAX_CURRENT);
                assertWithin(
                        reading.coolantTemperature(),
                        MachineModel.MIN_TEMPERATURE,
                        MachineModel.MAX_TEMPERATURE);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameReadings() {
        assertEquals(run(7, 500), run(7, 500));
    }

    @Test
    void differentSeedsGiveDifferentMachines() {
        assertNotEquals(run(7, 1).get(0), run(8, 1).get(0));
    }

    @Test
    void everyStateIsVisitedOverALongRun() {
        Set<OperationalState> states = run(3, LONG_RUN).stream().map(MachineReading::state).collect(Collectors.toSet());

        assertEquals(Set.of(OperationalState.values()), states);
    }

    @Test
    void vibrationRisesBeforeAnAlarm() {
        List<MachineReading> readings = run(3, LONG_RUN);
        int alarm = firstIndex(readings, r -> r.state() == OperationalState.ALARM);

        double shortlyBefore = meanVibration(readings.subList(alarm - 10, alarm));
        double longBefore = meanVibration(readings.subList(alarm - 60, alarm - 50));
        assertTrue(shortlyBefore > 1.3 * longBefore, shortlyBefore + " vs " + longBefore);
    }

    @Test
    void coolantTemperatureLagsBehindMotorCurrentWhenStopping() {
        List<MachineReading> readings = run(3, LONG_RUN);
        int stop = firstIndex(readings, r -> r.state() == OperationalState.STOPPED);
        MachineReading before = readings.get(stop - 1);
        MachineReading after = readings.get(stop + 3);

        assertTrue(after.motorCurrent() < 0.5 * before.motorCurrent(), before + " -> " + after);
        assertTrue(
                after.coolantTemperature() > 0.8 * before.coolantTemperature(), before + " -> " + after);
    }

    @Test
    void overriddenValueIsReportedWhileTheModelRuns() {
        MachineModel model = new MachineModel("cnc-001", new SplittableRandom(1));
        model.override(PlantVariable.MOTOR_CURRENT, 99);
        model.override(PlantVariable.OPERATIONAL_STATE, "ALARM");
        model.step();

        assertEquals(99.0, model.reading().motorCurrent());
        assertEquals(OperationalState.ALARM, model.reading().state());
    }

    @Test
    void overrideRejectsAValueOfTheWrongType() {
        MachineModel model = new MachineModel("cnc-001", new SplittableRandom(1));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> model.override(PlantVariable.SPINDLE_VIBRATION_RMS, "fast"));
        assertTrue(e.getMessage().contains("spindle/vibration_rms"), e.getMessage());
    }

    @Test
    void overrideRejectsAnUnknownState() {
        MachineModel model = new MachineModel("cnc-001", new SplittableRandom(1));

        assertThrows(
                IllegalArgumentException.class,
                () -> model.override(PlantVariable.OPERATIONAL_STATE, "ON_FIRE"));
    }

    private static List<MachineReading> run(long seed, int steps) {
        MachineModel model = new MachineModel("cnc-001", new SplittableRandom(seed));
        List<MachineReading> readings = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            model.step();
            readings.add(model.reading());
        }
        return readings;
    }

    private static void assertWithin(double value, double min, double max) {
        assertTrue(value >= min && value <= max, value + " not within [" + min + ", " + max + "]");
    }

    /** The first index, after a warm-up of 100 ticks, whose reading meets the condition. */
    private static int firstIndex(
            List<MachineReading> readings, Predicate<MachineReading> condition) {
        for (int i = 100; i < readings.size(); i++) {
            if (condition.test(readings.get(i))) {
                return i;
            }
        }
        throw new AssertionError("condition never met in " + readings.size() + " readings");
    }

    private static double meanVibration(List<MachineReading> readings) {
        return readings.stream().mapToDouble(MachineReading::vibrationRms).average().orElseThrow();
    }
}
