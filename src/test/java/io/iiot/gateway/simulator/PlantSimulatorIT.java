package io.iiot.gateway.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.OpcUaTestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlantSimulatorIT {

    private static final String USER = "operator";
    private static final String PASSWORD = "s3cret";
    private static final String VIBRATION = "spindle/vibration_rms";

    private static PlantSimulator simulator;

    private OpcUaClient client;

    @BeforeAll
    static void startSimulator() {
        simulator = PlantSimulator.builder()
                .port(FreePorts.next())
                .updateInterval(Duration.ofMillis(50))
                .user(USER, PASSWORD)
                .seed(42)
                .build();
        simulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.stop();
    }

    @AfterEach
    void disconnect() throws UaException {
        if (client != null) {
            client.disconnect();
        }
    }

    @Test
    void anonymousClientReadsAGoodVibrationValue() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());

        DataValue value = read(simulator.nodeId("cnc-001", VIBRATION));

        assertTrue(value.statusCode().isGood(), value.toString());
        assertTrue(value.value().value() instanceof Double, value.toString());
    }

    @Test
    void userWithTheRightPasswordLogsIn() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new UsernameProvider(USER, PASSWORD));

        assertTrue(read(simulator.nodeId("cnc-001", "machine/state")).statusCode().isGood());
    }

    @Test
    void userWithAWrongPasswordIsRejected() {
        assertThrows(
                UaException.class,
                () -> OpcUaTestClients.connect(
                        simulator.endpointUrl(), new UsernameProvider(USER, "wrong-password")));
    }

    @Test
    void subscribedValuesChangeOverTime() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());
        Set<Object> received = ConcurrentHashMap.newKeySet();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
        subscription.create();
        OpcUaMonitoredItem item = OpcUaMonitoredItem
                .newDataItem(NodeId.parse(simulator.nodeId("cnc-002", "motor/current")));
        item.setSamplingInterval(50.0);
        item.setDataValueListener((monitoredItem, value) -> received.add(value.value().value()));
        subscription.addMonitoredItem(item);
        subscription.synchronizeMonitoredItems();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
    }

    @Test
    void setValueIsWhatAClientReadsWithASourceTimestamp() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());
        Instant before = Instant.now().minusMillis(1);

        simulator.setValue("cnc-003", "coolant/temperature", 42.5);

        DataValue value = read(simulator.nodeId("cnc-003", "coolant/temperature"));
        assertEquals(42.5, value.value().value());
        assertNotNull(value.sourceTime());
        assertTrue(!value.sourceTime().getJavaInstant().isBefore(before), value.toString());
    }

    @Test
    void addressSpaceHoldsThePlantMachinesAndVariables() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());

        NodeId plant = OpcUaTestClients.child(client, NodeIds.ObjectsFolder, "Plant");
        NodeId machine = OpcUaTestClients.child(client, plant, "cnc-001");

        assertEquals(
                List.of("cnc-001", "cnc-002", "cnc-003"), OpcUaTestClients.childNames(client, plant));
        assertEquals(
                List.of("SpindleVibrationRms", "MotorCurrent", "CoolantTemperature", "OperationalState",
                        "SpeedSetpoint"),
                OpcUaTestClients.childNames(client, machine));
    }

    @Test
    void theSpeedSetpointTakesWritesInItsRangeAndResetRestoresIt() throws UaException {
        client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());
        NodeId setpoint = NodeId.parse("ns=2;s=cnc-002/command/speed_setpoint");

        assertEquals(StatusCode.GOOD, write(setpoint, 18000.0));
        assertEquals(18000.0, read(setpoint.toParseableString()).value().value());
        assertEquals(new StatusCode(StatusCodes.Bad_OutOfRange), write(setpoint, 30000.0));
        assertEquals(18000.0, read(setpoint.toParseableString()).value().value());

        CallMethodResult reset = client.call(List.of(new CallMethodRequest(NodeId.parse("ns=2;s=cnc-002"),
                NodeId.parse("ns=2;s=cnc-002/reset"), new Variant[0]))).getResults()[0];
        assertEquals(StatusCode.GOOD, reset.getStatusCode());
        assertEquals(12000.0, read(setpoint.toParseableString()).value().value());
    }

    private StatusCode write(NodeId node, double value) throws UaException {
        return client.writeValues(List.of(node), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
    }

    @Test
    void eachMachineIsSteppedOncePerIntervalAtPhasesSpreadOverIt() throws UaException {
        Duration interval = Duration.ofSeconds(1);
        List<PlantSnapshot> steps = new CopyOnWriteArrayList<>();
        try (PlantSimulator plant = PlantSimulator.builder().machines(10).port(FreePorts.next())
                .updateInterval(interval).seed(7).build()) {
            plant.addListener(steps::add);
            plant.start();
            int machines = plant.machines().size();

            await().atMost(Duration.ofSeconds(30)).until(() -> steps.size() > machines);

            // one interval steps every machine once, in order, spread over it; then the next interval begins
            List<PlantSnapshot> firstInterval = List.copyOf(steps).subList(0, machines);
            assertEquals(plant.machines(), firstInterval.stream()
                    .flatMap(step -> step.readings().stream().map(MachineReading::machine)).toList());
            assertEquals("cnc-001", steps.get(machines).readings().get(0).machine());
            Duration spread = Duration.between(firstInterval.get(0).timestamp(),
                    firstInterval.get(machines - 1).timestamp());
            assertTrue(spread.compareTo(interval.dividedBy(2)) >= 0, "first to last machine: " + spread);
            // what a client reads: each machine's temperature has its own source timestamp
            OpcUaClient reader = OpcUaTestClients.connect(plant.endpointUrl(), new AnonymousProvider());
            try {
                List<DataValue> temperatures = reader.readValues(0.0, TimestampsToReturn.Both, plant.machines()
                        .stream().map(machine -> NodeId.parse(plant.nodeId(machine, "coolant/temperature"))).toList());
                assertEquals(machines, temperatures.stream().map(value -> value.sourceTime().getJavaInstant())
                        .distinct().count(), temperatures::toString);
            } finally {
                reader.disconnect();
            }
        }
    }

    @Test
    void nodeIdIsDerivedFromMachineAndVariable() {
        assertEquals("ns=2;s=cnc-002/spindle/vibration_rms", simulator.nodeId("cnc-002", VIBRATION));
    }

    private DataValue read(String nodeId) throws UaException {
        return client.readValue(0.0, TimestampsToReturn.Both, NodeId.parse(nodeId));
    }
}
