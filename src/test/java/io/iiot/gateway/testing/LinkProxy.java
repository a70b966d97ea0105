package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a loopback port standing for a network link, such as a site's leaf-node connection to the cloud.
 *
 * <p>{@link #cut()} drops every connection through it and refuses new ones, as a broken WAN link would;
 * {@link #restore()} lets connections through again. Each new connection goes to the first of the targets that
 * accepts it, so a link to a cluster survives one node being down.
 */
public final class LinkProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final List<Integer> targets;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param name    what the link is, for logs
     * @param targets loopback ports to forward to, tried in order
     */
    public LinkProxy(String name, List<Integer> targets) {
        this.name = name;
        this.targets = List.copyOf(targets);
        try {
            listener = new ServerSocket(FreePorts.next(), 50, InetAddress.getByName(FreePorts.LOOPBACK));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy of " + name, e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "link-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Returns the loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(LinkProxy::closeQuietly);
        open.clear();
        LOG.info("link {} cut", name);
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
        LOG.info("link {} restored", name);
    }

    /** Returns whether the link is cut. */
    public boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = connectToTarget();
                if (server == null) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("link {}: {}", name, e.toString());
                }
            }
        }
    }

    private Socket connectToTarget() {
        for (int port : targets) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), CONNECT_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // the other side closed or the link was cut: both sockets go
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-" + name + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
