package io.iiot.gateway.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iiot.gateway.ConfigException;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The asset model from {@code assets.yaml}: the plant's OPC-UA servers, its machines and their variables. Routes
 * never list items themselves; sources and the pipeline look them up here. The format is described in
 * {@code docs/assets.md}:
 *
 * <pre>
 * servers:
 *   - id: plant-sim
 *     endpoint-url: opc.tcp://127.0.0.1:4840/plant
 * machines:
 *   - id: cnc-001
 *     area: hall-a
 *     line: line-1
 *     server: plant-sim
 *     variables:
 *       - node: "ns=2;s=cnc-001/spindle/vibration_rms"
 *         sensor: spindle
 *         metric: vibration.rms
 *         unit: mm/s
 * </pre>
 *
 * A broken model is refused with one line naming the file, the entry and the problem, e.g.
 * {@code config/assets.yaml: machines[2].variables[0].metric: 'Vib RMS' is not a subject token ([a-z0-9_-]+)}.
 */
public final class AssetModel {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("servers", "machines", "mqtt");
    private static final Set<String> SERVER_KEYS = Set.of("id", "endpoint-url", "security-policy", "security-mode",
            "username");
    private static final Set<String> MACHINE_KEYS = Set.of("id", "area", "line", "server", "attributes", "command",
            "variables");
    private static final Set<String> COMMAND_KEYS = Set.of("mqtt-topic", "node", "method", "object");
    private static final Set<String> VARIABLE_KEYS = Set.of("node", "sensor", "metric", "unit",
            "sampling-interval-ms", "deadband", "alert", "operational-state");
    private static final Set<String> DEADBAND_KEYS = Set.of("absolute", "percent", "min", "max");
    private static final Set<String> ALERT_KEYS = Set.of("high", "low", "hysteresis");
    private static final Set<String> OVERRIDE_KEYS = Set.of("attributes", "variables");
    private static final Set<String> VARIABLE_OVERRIDE_KEYS = Set.of("deadband", "alert");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Token, Server> servers;
    private final Map<Token, Machine> machines;
    private final Map<String, Variable> variablesByKey;
    private final Map<String, Variable> variablesByNode;

    private AssetModel(Map<Token, Server> servers, Map<Token, Machine> machines) {
        this.servers = servers;
        this.machines = machines;
        Map<String, Variable> byKey = new LinkedHashMap<>();
        Map<String, Variable> byNode = new LinkedHashMap<>();
        for (Machine machine : machines.values()) {
            for (Variable variable : machine.variables()) {
                byKey.put(machine.id() + "." + variable.key(), variable);
                variable.node().ifPresent(node -> byNode.put(nodeKey(machine.server().orElseThrow(), node), variable));
            }
        }
        this.variablesByKey = byKey;
        this.variablesByNode = byNode;
    }

    /**
     * Loads and validates the model.
     *
     * @throws ConfigException naming the file, the entry and the problem
     */
    public static AssetModel load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot be read as YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file, "", "is empty or not a YAML mapping (servers:, machines:)");
        }
        return new Parser(file).model(root);
    }

    /** Every server, in file order. */
    public List<Server> servers() {
        return List.copyOf(servers.values());
    }

    /** The server with this id, if the model has one. */
    public Optional<Server> server(Token id) {
        return Optional.ofNullable(servers.get(id));
    }

    /** Every machine, in file order. */
    public List<Machine> machines() {
        return List.copyOf(machines.values());
    }

    /** The machine with this id, if the model has one. */
    public Optional<Machine> machine(Token id) {
        return Optional.ofNullable(machines.get(id));
    }

    /** Every machine whose variables a server serves, in file order. */
    public List<Machine> machinesOn(Token server) {
        return machines.values().stream().filter(m -> m.server().equals(Optional.of(server))).toList();
    }

    /**
     * The settings of a variable, whatever source its readings come from.
     *
     * @param machine machine id
     * @param sensor sensor token
     * @param metric dotted metric path, e.g. {@code vibration.rms}
     */
    public Optional<Variable> variable(String machine, String sensor, String metric) {
        return Optional.ofNullable(variablesByKey.get(machine + "." + sensor + "." + metric));
    }

    /** The variable an OPC-UA node of a server is, if the model has it. */
    public Optional<Variable> variableAt(Token server, String node) {
        return Optional.ofNullable(variablesByNode.get(nodeKey(server, node)));
    }

    /**
     * Parses a machine's run-time settings (a value of the {@code MACHINE_CONFIG} KV bucket, see
     * {@code docs/assets.md}) and checks them against the model.
     *
     * @param origin where the value comes from, for messages, e.g. {@code MACHINE_CONFIG/cnc-001}
     * @throws ConfigException one line naming the origin, the entry and the problem
     */
    public MachineOverride parseOverride(Token machine, String origin, long revision, byte[] json) {
        Parser parser = new Parser(Path.of(origin));
        Machine target = machine(machine).orElseThrow(() -> parser.error("", "machine is not in the asset model"));
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw parser.error("", "is not JSON: " + firstLine(e.getMessage()));
        }
        return parser.override(target, root, revision);
    }

    private static String nodeKey(Token server, String node) {
        return server + "|" + node;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    @Override
    public String toString() {
        return "AssetModel[" + servers.size() + " servers, " + machines.size() + " machines, "
                + variablesByKey.size() + " variables]";
    }

    /** Reads one file; every error names the entry it is about. */
    private record Parser(Path file) {

        AssetModel model(JsonNode root) {
            keys(root, "", TOP_KEYS);
            Map<Token, Server> servers = new LinkedHashMap<>();
            List<JsonNode> serverList = list(root, "", "servers", false);
            for (int i = 0; i < serverList.size(); i++) {
                String key = "servers[" + i + "]";
                Server server = server(key, serverList.get(i));
                if (servers.putIfAbsent(server.id(), server) != null) {
                    throw error(key + ".id", "'" + server.id() + "' is listed twice");
                }
            }
            Map<Token, Machine> machines = new LinkedHashMap<>();
            Set<String> nodes = new HashSet<>();
            List<JsonNode> machineList = list(root, "", "machines", true);
            for (int i = 0; i < machineList.size(); i++) {
                String key = "machines[" + i + "]";
                Machine machine = machine(key, machineList.get(i), servers, nodes);
                if (machines.putIfAbsent(machine.id(), machine) != null) {
                    throw error(key + ".id", "'" + machine.id() + "' is listed twice");
                }
            }
            return new AssetModel(Collections.unmodifiableMap(servers), Collections.unmodifiableMap(machines));
        }

        MachineOverride override(Machine machine, JsonNode root, long revision) {
            object(root, "");
            keys(root, "", OVERRIDE_KEYS);
            Map<String, String> attributes = attributes("attributes", root.get("attributes"));
            Map<String, MachineOverride.VariableOverride> variables = new LinkedHashMap<>();
            JsonNode vars = root.get("variables");
            if (vars != null && !vars.isNull()) {
                object(vars, "variables");
                for (Iterator<String> names = vars.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    String key = "variables." + name;
                    if (machine.variables().stream().noneMatch(v -> v.key().equals(name))) {
                        throw error(key, "machine '" + machine.id() + "' has no variable '" + name + "'");
                    }
                    JsonNode settings = vars.get(name);
                    object(settings, key);
                    keys(settings, key, VARIABLE_OVERRIDE_KEYS);
                    variables.put(name, new MachineOverride.VariableOverride(
                            Optional.ofNullable(settings.get("deadband")).map(d -> deadband(key, d)),
                            Optional.ofNullable(settings.get("alert")).map(a -> alert(key, a))));
                }
            }
            return new MachineOverride(revision, attributes, variables);
        }

        private Map<String, String> attributes(String key, JsonNode attrs) {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (attrs != null && !attrs.isNull()) {
                if (!attrs.isObject()) {
                    throw error(key, "is not a mapping of names to values");
                }
                attrs.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            }
            return attributes;
        }

        private Server server(String key, JsonNode node) {
            object(node, key);
            keys(node, key, SERVER_KEYS);
            Token id = required(node, key, "id", Token::parse);
            String url = required(node, key, "endpoint-url", Function.identity());
            Server.SecurityPolicy policy = optional(node, key, "security-policy", Server.SecurityPolicy::parse)
                    .orElse(Server.SecurityPolicy.NONE);
            Server.SecurityMode mode = optional(node, key, "security-mode", Server.SecurityMode::parse)
                    .orElse(policy == Server.SecurityPolicy.NONE
                            ? Server.SecurityMode.NONE
                            : Server.SecurityMode.SIGN_AND_ENCRYPT);
            Optional<String> username = optional(node, key, "username", Function.identity());
            try {
                return new Server(id, url, policy, mode, username);
            } catch (IllegalArgumentException e) {
                throw error(key + (e.getMessage().contains("endpoint") ? ".endpoint-url" : ".security-mode"),
                        e.getMessage());
            }
        }

        private Machine machine(String key, JsonNode node, Map<Token, Server> servers, Set<String> nodes) {
            object(node, key);
            keys(node, key, MACHINE_KEYS);
            Token id = required(node, key, "id", Token::parse);
            Token area = required(node, key, "area", Token::parse);
            if (area.isReserved()) {
                throw error(key + ".area", "'" + area + "' is reserved for non-telemetry subjects");
            }
            Token line = required(node, key, "line", Token::parse);
            Optional<Token> server = optional(node, key, "server", Token::parse);
            if (server.isPresent() && !servers.containsKey(server.get())) {
                throw error(key + ".server", "'" + server.get() + "' is not one of the servers " + servers.keySet());
            }
            Map<String, String> attributes = attributes(key + ".attributes", node.get("attributes"));
            Optional<MachineCommand> command = Optional.ofNullable(node.get("command")).map(c -> command(key, c));
            if (command.filter(MachineCommand::onServer).isPresent() && server.isEmpty()) {
                throw error(key + ".command", "an OPC-UA command needs the machine's server");
            }
            List<Variable> variables = new ArrayList<>();
            Set<String> variableKeys = new HashSet<>();
            List<JsonNode> list = list(node, key, "variables", false);
            for (int i = 0; i < list.size(); i++) {
                String vkey = key + ".variables[" + i + "]";
                Variable variable = variable(vkey, list.get(i), id);
                if (!variableKeys.add(variable.key())) {
                    throw error(vkey + ".metric", "sensor '" + variable.sensor() + "' already has metric '"
                            + variable.metricPath() + "' on this machine");
                }
                if (variable.node().isPresent()) {
                    if (server.isEmpty()) {
                        throw error(vkey + ".node", "needs the machine's server (machines[].server)");
                    }
                    if (!nodes.add(nodeKey(server.get(), variable.node().get()))) {
                        throw error(vkey + ".node", "'" + variable.node().get() + "' on server '" + server.get()
                                + "' is listed twice");
                    }
                }
                if (variable.operationalState()
                        && variables.stream().anyMatch(Variable::operationalState)) {
                    throw error(vkey + ".operational-state", "a machine has one operational-state variable");
                }
                variables.add(variable);
            }
            return new Machine(id, area, line, server, attributes, command, variables);
        }

        private MachineCommand command(String key, JsonNode node) {
            String ckey = key + ".command";
            object(node, ckey);
            keys(node, ckey, COMMAND_KEYS);
            try {
                return new MachineCommand(optional(node, ckey, "mqtt-topic", Function.identity()),
                        optional(node, ckey, "node", Function.identity()),
                        optional(node, ckey, "method", Function.identity()),
                        optional(node, ckey, "object", Function.identity()));
            } catch (IllegalArgumentException e) {
                throw error(ckey, e.getMessage());
            }
        }

        private Variable variable(String key, JsonNode node, Token machine) {
            object(node, key);
            keys(node, key, VARIABLE_KEYS);
            Optional<String> opcNode = optional(node, key, "node", Function.identity());
            Token sensor = required(node, key, "sensor", Token::parse);
            List<Token> metric = required(node, key, "metric", TelemetrySubject::parseMetric);
            if (metric.size() > TelemetrySubject.MAX_METRIC_TOKENS) {
                throw error(key + ".metric", "has more than " + TelemetrySubject.MAX_METRIC_TOKENS + " tokens");
            }
            String unit = optional(node, key, "unit", Function.identity()).orElse("");
            OptionalLong sampling = optional(node, key, "sampling-interval-ms", Parser::positiveLong)
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
            Optional<Deadband> deadband = Optional.ofNullable(node.get("deadband")).map(d -> deadband(key, d));
            Optional<AlertLimits> alert = Optional.ofNullable(node.get("alert")).map(a -> alert(key, a));
            boolean state = optional(node, key, "operational-state", Parser::bool).orElse(false);
            return new Variable(machine, opcNode, sensor, metric, unit, sampling, deadband, alert, state);
        }

        private Deadband deadband(String key, JsonNode node) {
            String dkey = key + ".deadband";
            object(node, dkey);
            keys(node, dkey, DEADBAND_KEYS);
            Optional<Double> absolute = optional(node, dkey, "absolute", Parser::number);
            Optional<Double> percent = optional(node, dkey, "percent", Parser::number);
            try {
                if (absolute.isPresent() == percent.isPresent()) {
                    throw new IllegalArgumentException("needs exactly one of absolute or percent");
                }
                if (absolute.isPresent()) {
                    return Deadband.absolute(absolute.get());
                }
                return Deadband.percent(percent.get(), required(node, dkey, "min", Parser::number),
                        required(node, dkey, "max", Parser::number));
            } catch (IllegalArgumentException e) {
                throw error(dkey, e.getMessage());
            }
        }

        private AlertLimits alert(String key, JsonNode node) {
            String akey = key + ".alert";
            object(node, akey);
            keys(node, akey, ALERT_KEYS);
            try {
                return new AlertLimits(optionalDouble(node, akey, "high"), optionalDouble(node, akey, "low"),
                        optional(node, akey, "hysteresis", Parser::number).orElse(0.0));
            } catch (IllegalArgumentException e) {
                throw error(akey, e.getMessage());
            }
        }

        private OptionalDouble optionalDouble(JsonNode node, String key, String name) {
            return optional(node, key, name, Parser::number).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        }

        private static double number(String text) {
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }

        private static boolean bool(String text) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }

        private static long positiveLong(String text) {
            try {
                long value = Long.parseLong(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "' is not a whole number of milliseconds > 0");
        }

        private List<JsonNode> list(JsonNode node, String key, String name, boolean required) {
            JsonNode value = node.get(name);
            String full = key.isEmpty() ? name : key + "." + name;
            if (value == null || value.isNull()) {
                if (required) {
                    throw error(full, "is missing");
                }
                return List.of();
            }
            if (!value.isArray()) {
                throw error(full, "is not a list");
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(items::add);
            return items;
        }

        private void object(JsonNode node, String key) {
            if (node == null || !node.isObject()) {
                throw error(key, "is not a mapping");
            }
        }

        private void keys(JsonNode node, String key, Set<String> allowed) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw error(key.isEmpty() ? name : key + "." + name,
                            "unknown key (expected one of " + new TreeSet<>(allowed) + ")");
                }
            }
        }

        private <T> T required(JsonNode node, String key, String name, Function<String, T> parser) {
            return optional(node, key, name, parser).orElseThrow(() -> error(key + "." + name, "is missing"));
        }

        private <T> Optional<T> optional(JsonNode node, String key, String name, Function<String, T> parser) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isValueNode() || value.asText().isEmpty()) {
                throw error(key + "." + name, value.isValueNode() ? "is empty" : "is not a single value");
            }
            try {
                return Optional.of(parser.apply(value.asText()));
            } catch (IllegalArgumentException e) {
                throw error(key + "." + name, e.getMessage());
            }
        }

        ConfigException error(String key, String problem) {
            return new ConfigException(file, key, problem);
        }
    }
}
