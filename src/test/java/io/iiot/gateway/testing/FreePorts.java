package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out free TCP ports on the loopback interface 127.0.0.1.
 *
 * <p>A port is free when the operating system lets us bind it; it is then released so that a server can
 * take it. A port is never handed out twice by the same JVM, so several servers allocated before any of
 * them starts (a cluster, for instance) do not collide with each other.
 */
public final class FreePorts {

    /** The address every test server binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /**
     * Returns a loopback port that is free right now and was not handed out before by this JVM.
     *
     * @return a TCP port number
     */
    public static synchronized int next() {
        while (true) {
            int port = bindEphemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int bindEphemeral() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }
}
