package io.iiot.gateway.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.MachineCommand;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds where a command request goes, and writes the reply its requester gets.
 *
 * <p>A command is a NATS request on {@code {org}.{site}.command.{area}.{line}.{machine}}; the machine's entry in
 * the asset model names its target: an MQTT topic ({@code command: {mqtt-topic: "plant/{machine}/command"}}, where
 * {@code {machine}} stands for the machine id), an OPC-UA variable to write ({@code node}) or an OPC-UA method to
 * call ({@code method} of {@code object}). The reply is JSON: {@code {"status":"accepted", "machine":…,
 * "target":"mqtt", "address":…}} once the target took the command (the broker acknowledged the publish, the
 * OPC-UA server answered Good), or {@code {"status":"rejected", "error":…}} when the request cannot be carried
 * out, with {@code "opcua_status"} when the OPC-UA server refused it.
 */
public final class CommandRouter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AssetModel assets;
    private final String prefix;

    /**
     * @param assets the asset model
     * @param org {@code gateway.org}
     * @param site {@code gateway.site}
     */
    public CommandRouter(AssetModel assets, String org, String site) {
        this.assets = assets;
        this.prefix = Token.parse(org) + "." + Token.parse(site) + ".command.";
    }

    /**
     * @param subject the request's subject
     * @throws IllegalArgumentException saying why when the subject is not a command to a machine of the model, or the
     *         machine has no command target
     */
    public CommandTarget target(String subject) {
        if (subject == null || !subject.startsWith(prefix)) {
            throw new IllegalArgumentException("'" + subject + "' is not a command subject " + prefix
                    + "{area}.{line}.{machine}");
        }
        String[] parts = subject.substring(prefix.length()).split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a command subject is " + prefix + "{area}.{line}.{machine}, got "
                    + subject);
        }
        Machine machine = assets.machine(token(parts[2]))
                .filter(m -> m.area().toString().equals(parts[0]) && m.line().toString().equals(parts[1]))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no machine " + parts[2] + " in area " + parts[0] + ", line " + parts[1]));
        MachineCommand command = machine.command().orElseThrow(() -> new IllegalArgumentException(
                "machine " + machine.id() + " takes no commands (it has no command entry in the asset model)"));
        String id = machine.id().toString();
        return new CommandTarget(id, command.kind(), command.address().replace("{machine}", id));
    }

    private static Token token(String text) {
        try {
            return Token.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a machine id");
        }
    }

    /** The reply to a command handed to its target. */
    public byte[] accepted(CommandTarget target) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("status", "accepted");
        reply.put("machine", target.machine());
        reply.put("target", target.kind());
        reply.put("address", target.address());
        return json(reply);
    }

    /**
     * The reply to a command that could not be carried out. A wrapper whose message only repeats its cause (a failure
     * of {@link #target} reaches the route inside Camel's "Failed to invoke method: …" exception) is left out, so the
     * requester reads the reason itself.
     */
    public byte[] rejected(Throwable thrown) {
        Throwable failure = thrown;
        while (failure != null && failure.getCause() != null && failure.getMessage() != null
                && failure.getMessage().contains(failure.getCause().toString())) {
            failure = failure.getCause();
        }
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("status", "rejected");
        reply.put("error", failure == null
                ? "unknown error"
                : failure.getMessage() == null ? failure.toString() : failure.getMessage());
        if (failure instanceof CommandRefusedException refused) {
            reply.put("opcua_status", refused.status());
        }
        return json(reply);
    }

    private static byte[] json(Map<String, String> reply) {
        try {
            return JSON.writeValueAsBytes(reply);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
