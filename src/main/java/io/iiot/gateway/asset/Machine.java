package io.iiot.gateway.asset;

import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A machine of the plant: where it stands, which OPC-UA server serves its variables (none for a machine that only
 * speaks MQTT), its attributes and its variables.
 *
 * @param id machine token
 * @param area area token, never a reserved word
 * @param line line token
 * @param server id of its OPC-UA server, if any
 * @param attributes copied into every message of the machine
 * @param command what a command request to the machine does, if it takes commands
 * @param variables its variables, in file order
 */
public record Machine(Token id, Token area, Token line, Optional<Token> server, Map<String, String> attributes,
        Optional<MachineCommand> command, List<Variable> variables) {

    public Machine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(line, "line");
        if (area.isReserved()) {
            throw new IllegalArgumentException("'" + area + "' is reserved for non-telemetry subjects");
        }
        server = server == null ? Optional.empty() : server;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        command = command == null ? Optional.empty() : command;
        variables = List.copyOf(variables);
    }

    /** The telemetry subject of one of its variables within {@code org}/{@code site}. */
    public TelemetrySubject subject(Token org, Token site, Variable variable) {
        return new TelemetrySubject(org, site, area, line, id, variable.sensor(), variable.metric());
    }

    /** The alert subject {@code {org}.{site}.alert.{area}.{line}.{machine}}. */
    public String alertSubject(Token org, Token site) {
        return org + "." + site + ".alert." + area + "." + line + "." + id;
    }
}
