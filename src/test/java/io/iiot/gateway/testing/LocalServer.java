package io.iiot.gateway.testing;

import java.nio.file.Path;

/**
 * A server that a fixture runs as one local process with a temporary directory. Starting, stopping, killing and
 * closing work the same for every server; a subclass says how to launch its process and how to tell it is ready.
 */
public abstract class LocalServer implements TestServer {

    /** The server's temporary directory: configuration and data; removed by {@link #close()}. */
    protected final Path dir;
    private ServerProcess process;

    /** @param dir the server's temporary directory */
    protected LocalServer(Path dir) {
        this.dir = dir;
    }

    /** Launches the server process, without waiting for it. */
    protected abstract ServerProcess launch();

    /** Waits until the launched process serves clients (a protocol-level probe, never a sleep). */
    protected abstract void awaitReady(ServerProcess launched);

    /** Releases what the fixture holds on the server besides its process, such as a client session. */
    protected void releaseClients() {
    }

    /**
     * Launches the server unless it runs, then waits until it is ready. The wait holds no lock: readiness probes
     * run on another thread and may call back into the fixture.
     */
    @Override
    public void start() {
        awaitReady(launchIfStopped());
    }

    /** The first half of {@link #start()}, for servers that must all be launched before any is ready (a cluster). */
    synchronized ServerProcess launchIfStopped() {
        if (!isRunning()) {
            process = launch();
        }
        return process;
    }

    @Override
    public synchronized void stop() {
        releaseClients();
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Kills the server with SIGKILL, as a crash would; {@link #start()} brings it back with its data. */
    public synchronized void kill() {
        releaseClients();
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Returns whether the server process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
        TempDirs.deleteRecursively(dir);
    }
}
