package io.iiot.gateway.ops;

import io.nats.client.Connection;

/** The state of the gateway's NATS connection, as a {@link DependencyState}. */
public final class NatsHealth {

    private NatsHealth() {
    }

    /** UP while connected; DOWN (with jnats' status and last error) while it reconnects or after it closed. */
    public static DependencyState of(Connection connection) {
        Connection.Status status = connection.getStatus();
        if (status == Connection.Status.CONNECTED) {
            return DependencyState.up("connected to " + connection.getConnectedUrl());
        }
        DependencyState down = DependencyState.down("NATS connection is " + status.name().toLowerCase());
        String error = connection.getLastError();
        return error == null || error.isBlank() ? down : down.with("lastError", error);
    }
}
