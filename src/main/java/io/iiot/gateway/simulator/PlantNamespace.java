package io.iiot.gateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.model.variables.BaseAnalogType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * The plant's OPC-UA address space: {@code Objects > Plant > <machine> > <variable>}.
 *
 * <p>Node ids are strings in this namespace: {@code Plant} for the plant folder, the machine name
 * for a machine folder and {@code <machine>/<variable path>} for a variable, e.g. {@code
 * cnc-001/spindle/vibration_rms}. Numeric variables are of type BaseAnalogType with an
 * EngineeringUnits property. The variables of {@link PlantVariable} are read-only for clients.
 *
 * <p>The plant's variables report by exception, as a PLC's native tags do: a monitored item of a variable's value
 * gets every change when it is written, not when a sampling timer next reads the node. Latency measured through the
 * simulator is therefore the client's and the subscription's, and the simulator does not spend its CPU polling ten
 * thousand unchanged values. Items of other attributes (and of the command setpoint) are sampled as usual.
 *
 * <p>Each machine also takes commands: a writable speed setpoint, {@code
 * <machine>/command/speed_setpoint} (Double, rpm, 0 to {@value #MAX_SETPOINT}; a write outside
 * that range is refused with Bad_OutOfRange), and a method {@code <machine>/reset} of the machine
 * object (no arguments) that returns the setpoint to {@value #DEFAULT_SETPOINT}.
 */
final class PlantNamespace extends ManagedNamespaceWithLifecycle {

    /** The namespace URI of the plant's nodes. */
    static final String NAMESPACE_URI = "urn:iiot-nats-gateway:plant-simulator";

    /** The path of the command variable below the machine: {@code <machine>/command/speed_setpoint}. */
    static final String SETPOINT_PATH = "command/speed_setpoint";
    /** The speed setpoint a machine starts with and returns to on reset, rpm. */
    static final double DEFAULT_SETPOINT = 12_000.0;
    /** The highest speed setpoint a machine accepts, rpm. */
    static final double MAX_SETPOINT = 24_000.0;

    private static final String UNECE_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact";
    private static final PlantVariable[] VARIABLES = PlantVariable.values();

    private final SubscriptionModel subscriptionModel;
    private final UaVariableNode[][] variableNodes;
    /** The monitored items of each variable's value, which get every change as it is written. */
    private final Map<NodeId, Set<DataItem>> valueItems = new ConcurrentHashMap<>();

    /**
     * Registers the namespace with the server and creates all nodes.
     *
     * @param machines machine names, one folder each
     */
    PlantNamespace(OpcUaServer server, List<String> machines) {
        super(server, NAMESPACE_URI);
        subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        variableNodes = new UaVariableNode[machines.size()][];
        UaFolderNode plantFolder = addFolder("Plant");
        plantFolder.addReference(
                new Reference(
                        plantFolder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        for (int i = 0; i < machines.size(); i++) {
            variableNodes[i] = addMachine(plantFolder, machines.get(i));
        }
    }

    /** The node id of a variable of a machine. */
    NodeId variableNodeId(String machine, PlantVariable variable) {
        return newNodeId(machine + "/" + variable.path());
    }

    /**
     * Writes the variables of the machine at {@code index} whose value changed, with Good status.
     *
     * @return how many it wrote
     */
    int write(int index, MachineReading reading, DateTime time) {
        int written = 0;
        for (PlantVariable variable : VARIABLES) {
            Object value = reading.value(variable);
            // like a PLC, a value that did not change keeps its source timestamp
            if (!value.equals(variableNodes[index][variable.ordinal()].getValue().getValue().getValue())) {
                write(index, variable, value, time);
                written++;
            }
        }
        return written;
    }

    /** Writes one variable of the machine at {@code index} with Good status. */
    void write(int index, PlantVariable variable, Object value, DateTime time) {
        variableNodes[index][variable.ordinal()].setValue(
                new DataValue(new Variant(value), StatusCode.GOOD, time, time));
    }

    private UaVariableNode[] addMachine(UaFolderNode plantFolder, String machine) {
        UaFolderNode machineFolder = addFolder(machine);
        plantFolder.addOrganizes(machineFolder);
        UaVariableNode[] nodes = new UaVariableNode[VARIABLES.length];
        for (PlantVariable variable : VARIABLES) {
            UaVariableNode node = addVariable(machine, variable);
            machineFolder.addOrganizes(node);
            nodes[variable.ordinal()] = node;
        }
        UaVariableNode setpoint = addSetpoint(machine);
        machineFolder.addOrganizes(setpoint);
        machineFolder.addComponent(addReset(machine, setpoint));
        return nodes;
    }

    /** The speed setpoint: written by clients, within 0 to {@link #MAX_SETPOINT}. */
    private UaVariableNode addSetpoint(String machine) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(machine + "/" + SETPOINT_PATH))
                .setBrowseName(newQualifiedName("SpeedSetpoint"))
                .setDisplayName(LocalizedText.english("SpeedSetpoint"))
                .setAccessLevel(AccessLevel.READ_WRITE)
                .setUserAccessLevel(AccessLevel.READ_WRITE)
                .setDataType(NodeIds.Double)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        node.setValue(new DataValue(new Variant(DEFAULT_SETPOINT)));
        node.getFilterChain().addLast(new AttributeFilter() {
            @Override
            public void writeAttribute(AttributeFilterContext context, AttributeId attribute, Object value)
                    throws UaException {
                if (attribute == AttributeId.Value
                        && value instanceof DataValue written
                        && written.getValue().getValue() instanceof Double rpm
                        && !(rpm >= 0 && rpm <= MAX_SETPOINT)) {
                    throw new UaException(StatusCodes.Bad_OutOfRange);
                }
                context.writeAttribute(attribute, value);
            }
        });
        getNodeManager().addNode(node);
        return node;
    }

    /** The machine's reset method: the setpoint back to {@link #DEFAULT_SETPOINT}. */
    private UaMethodNode addReset(String machine, UaVariableNode setpoint) {
        UaMethodNode method = new UaMethodNode.UaMethodNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(machine + "/reset"))
                .setBrowseName(newQualifiedName("Reset"))
                .setDisplayName(LocalizedText.english("Reset"))
                .setExecutable(true)
                .setUserExecutable(true)
                .build();
        method.setInvocationHandler(new AbstractMethodInvocationHandler(method) {
            @Override
            public Argument[] getInputArguments() {
                return new Argument[0];
            }

            @Override
            public Argument[] getOutputArguments() {
                return new Argument[0];
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] inputs) {
                DateTime now = DateTime.now();
                setpoint.setValue(new DataValue(new Variant(DEFAULT_SETPOINT), StatusCode.GOOD, now, now));
                return new Variant[0];
            }
        });
        getNodeManager().addNode(method);
        return method;
    }

    private UaFolderNode addFolder(String name) {
        UaFolderNode folder = new UaFolderNode(
                getNodeContext(), newNodeId(name), newQualifiedName(name), LocalizedText.english(name));
        getNodeManager().addNode(folder);
        return folder;
    }

    private UaVariableNode addVariable(String machine, PlantVariable variable) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(variableNodeId(machine, variable))
                .setBrowseName(newQualifiedName(variable.browseName()))
                .setDisplayName(LocalizedText.english(variable.browseName()))
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setDataType(variable.isNumeric() ? NodeIds.Double : NodeIds.String)
                .setTypeDefinition(
                        variable.isNumeric() ? NodeIds.BaseAnalogType : NodeIds.BaseDataVariableType)
                .build();
        getNodeManager().addNode(node);
        Set<DataItem> items = ConcurrentHashMap.newKeySet();
        valueItems.put(node.getNodeId(), items);
        node.addAttributeObserver((changed, attribute, value) -> {
            if (attribute == AttributeId.Value) {
                items.forEach(item -> report(item, (DataValue) value));
            }
        });
        variable
                .unit()
                .ifPresent(
                        unit -> node.setProperty(
                                BaseAnalogType.ENGINEERING_UNITS,
                                new EUInformation(
                                        UNECE_NAMESPACE,
                                        uneceUnitId(variable.uneceCode()),
                                        LocalizedText.english(unit),
                                        LocalizedText.english(unit))));
        return node;
    }

    /** The UnitId of a UN/CEFACT common code as defined by OPC-UA Part 8. */
    private static int uneceUnitId(String code) {
        int unitId = 0;
        for (char c : code.toCharArray()) {
            unitId = (unitId << 8) | c;
        }
        return unitId;
    }

    private static void report(DataItem item, DataValue value) {
        if (item.isSamplingEnabled()) {
            item.setValue(value);
        }
    }

    /** The set of items of a variable's value that {@code item} belongs in, or null when it is sampled. */
    private Set<DataItem> valueItemsOf(MonitoredItem item) {
        return item.getReadValueId().getAttributeId().intValue() == AttributeId.Value.id()
                ? valueItems.get(item.getReadValueId().getNodeId())
                : null;
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        List<DataItem> sampled = sortOut(dataItems, (items, item) -> {
            items.add(item);
            reportCurrentValue(item);
        });
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsCreated(sampled);
        }
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        List<DataItem> sampled = sortOut(dataItems, Set::remove);
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsDeleted(sampled);
        }
    }

    /**
     * Hands each item of a plant variable's value to {@code reported}, with the set of that variable's items; returns
     * the other items, which the subscription model samples.
     */
    private List<DataItem> sortOut(List<DataItem> dataItems, BiConsumer<Set<DataItem>, DataItem> reported) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : dataItems) {
            Set<DataItem> items = valueItemsOf(item);
            if (items == null) {
                sampled.add(item);
            } else {
                reported.accept(items, item);
            }
        }
        return sampled;
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems);
        for (MonitoredItem item : monitoredItems) {
            if (item instanceof DataItem dataItem && valueItemsOf(item) != null) {
                reportCurrentValue(dataItem);
            }
        }
    }

    /** The first notification of an item, new or enabled again, is the current value. */
    private void reportCurrentValue(DataItem item) {
        getNodeManager().getNode(item.getReadValueId().getNodeId())
                .ifPresent(node -> report(item, ((UaVariableNode) node).getValue()));
    }
}
