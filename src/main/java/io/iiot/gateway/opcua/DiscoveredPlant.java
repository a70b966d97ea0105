package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.Server;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code discover} found on a server, written as a complete {@code assets.yaml}. Browse names become tokens
 * through the one token function ({@link Token#map}): {@code Mill.A*>} becomes {@code mill_a__}, never a wildcard or
 * a second token; a name that maps to nothing becomes {@code unnamed}, and a name taken twice within its scope gets
 * {@code -2}, {@code -3}, ...
 */
public final class DiscoveredPlant {

    private final Server server;
    private final String area;
    private final Map<String, Folder> machines = new LinkedHashMap<>();

    /**
     * @param server the server as the model will name it: id, endpoint URL, security and user name
     * @param area the area written for every machine (a token)
     */
    public DiscoveredPlant(Server server, String area) {
        this.server = server;
        this.area = Token.parse(area).toString();
    }

    /**
     * Adds a variable.
     *
     * @param line browse name of the folder holding the machine
     * @param machine browse name of the object holding the variable
     * @param machineKey identity of that object (its node id), so two objects of the same name stay two machines
     * @param variable the variable's browse name
     * @param node the variable's node id
     */
    public void add(String line, String machine, String machineKey, String variable, String node) {
        machines.computeIfAbsent(machineKey, k -> new Folder(token(line), machine)).variables
                .add(new String[]{variable, node});
    }

    /** Variables found. */
    public int variables() {
        return machines.values().stream().mapToInt(f -> f.variables.size()).sum();
    }

    /** The model as YAML, with {@code samplingIntervalMs} for every variable when it is positive. */
    public String yaml(long samplingIntervalMs) {
        StringBuilder out = new StringBuilder();
        String serverId = server.id().toString();
        out.append("# Asset model discovered from ").append(server.endpointUrl()).append('\n')
                .append("# Names come from browse names through the gateway's token function; edit area, line,\n")
                .append("# sensor and metric to the plant's own names, and add units, deadbands and alerts.\n")
                .append("servers:\n  - id: ").append(serverId).append('\n')
                .append("    endpoint-url: ").append(quoted(server.endpointUrl())).append('\n')
                .append("    security-policy: ").append(server.securityPolicy().text()).append('\n')
                .append("    security-mode: ").append(server.securityMode().text()).append('\n');
        if (server.username().isPresent()) {
            out.append("    # password: environment variable ").append(server.passwordVariable()).append('\n')
                    .append("    username: ").append(quoted(server.username().get())).append('\n');
        }
        out.append("machines:\n");
        Set<String> machineIds = new HashSet<>();
        for (Folder machine : machines.values()) {
            out.append("  - id: ").append(unique(token(machine.name), machineIds)).append('\n')
                    .append("    area: ").append(area).append('\n')
                    .append("    line: ").append(machine.line).append('\n')
                    .append("    server: ").append(serverId).append('\n')
                    .append("    variables:\n");
            Set<String> sensors = new HashSet<>();
            for (String[] variable : machine.variables) {
                out.append("      - node: ").append(quoted(variable[1])).append('\n')
                        .append("        sensor: ").append(unique(token(variable[0]), sensors)).append('\n')
                        .append("        metric: value\n");
                if (samplingIntervalMs > 0) {
                    out.append("        sampling-interval-ms: ").append(samplingIntervalMs).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The token of a browse name; {@code unnamed} when nothing is left of it. */
    static String token(String name) {
        try {
            String token = Token.map(name).toString();
            return Token.RESERVED.contains(token) ? token + "_" : token;
        } catch (RejectedReadingException e) {
            return "unnamed";
        }
    }

    private static String unique(String token, Set<String> taken) {
        String candidate = token;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = token + "-" + n;
        }
        return candidate;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final class Folder {
        final String line;
        final String name;
        final List<String[]> variables = new ArrayList<>();

        Folder(String line, String name) {
            this.line = line;
            this.name = name;
        }
    }
}
