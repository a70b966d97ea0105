package io.iiot.gateway.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The machines of the simulated factory, named {@code cnc-001}, {@code cnc-002}, ..., each advanced
 * one step at a time. Deterministic for a given seed, whatever the order of the steps: each machine
 * draws from its own generator. Not thread-safe.
 */
final class Plant {

    private final List<String> names;
    private final List<MachineModel> models;
    private final Map<String, Integer> indexByName;

    /**
     * @param machines number of machines, at least 1
     * @param seed seed of the whole plant; each machine gets its own generator split from it
     */
    Plant(int machines, long seed) {
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be at least 1, got " + machines);
        }
        SplittableRandom plantRandom = new SplittableRandom(seed);
        List<String> machineNames = new ArrayList<>(machines);
        List<MachineModel> machineModels = new ArrayList<>(machines);
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < machines; i++) {
            String name = machineName(i);
            machineNames.add(name);
            machineModels.add(new MachineModel(name, plantRandom.split()));
            indexes.put(name, i);
        }
        this.names = Collections.unmodifiableList(machineNames);
        this.models = machineModels;
        this.indexByName = indexes;
    }

    /** The name of the machine at a zero-based index: {@code cnc-001} for 0. */
    static String machineName(int index) {
        return String.format("cnc-%03d", index + 1);
    }

    /** Machine names in index order. */
    List<String> machines() {
        return names;
    }

    /**
     * The index of a machine.
     *
     * @throws IllegalArgumentException if there is no such machine
     */
    int indexOf(String machine) {
        Integer index = indexByName.get(machine);
        if (index == null) {
            throw new IllegalArgumentException(
                    "unknown machine '" + machine + "', expected cnc-001 .. " + names.get(names.size() - 1));
        }
        return index;
    }

    /** Advances the machine at an index by one step. */
    void step(int index) {
        models.get(index).step();
    }

    /** The current reading of the machine at an index. */
    MachineReading reading(int index) {
        return models.get(index).reading();
    }

    /** Pins a variable of a machine, see {@link MachineModel#override}. */
    void override(int index, PlantVariable variable, Object value) {
        models.get(index).override(variable, value);
    }
}
