package io.iiot.gateway.opcua;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;

/**
 * The OPC-UA source's sessions by server id, so that commands to machines go through the one session the gateway
 * keeps with each server rather than a second connection. The source registers a session when it starts it and
 * removes it when it stops (with no bean bound as {@value #BEAN} it keeps its sessions to itself).
 */
public final class OpcUaSessions {

    /** The registry name the source looks the shared sessions up by. */
    public static final String BEAN = "opcUaSessions";

    private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();

    void add(String server, ServerSession session) {
        sessions.put(server, session);
    }

    void remove(String server, ServerSession session) {
        sessions.remove(server, session);
    }

    /**
     * The connected client of a server's session.
     *
     * @throws IllegalStateException saying why when the gateway has no session with the server or it is not
     *         connected now
     */
    public OpcUaClient client(String server) {
        ServerSession session = sessions.get(server);
        if (session == null) {
            throw new IllegalStateException("OPC-UA server " + server + " has no session (is the OPC-UA source "
                    + "route opcua-to-jetstream running?)");
        }
        return session.client().orElseThrow(
                () -> new IllegalStateException("OPC-UA server " + server + " is not connected now"));
    }
}
