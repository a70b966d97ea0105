package io.iiot.gateway.testing;

/**
 * A server that a test fixture runs: started, stopped and started again on the same port and data, and
 * finally closed, which also removes its files.
 */
public interface TestServer extends AutoCloseable {

    /** Starts the server and waits until it is ready; does nothing when it is running. */
    void start();

    /** Stops the server, keeping its configuration and data for a later {@link #start()}. */
    void stop();

    /** Stops and starts the server again, on the same port and with the same data. */
    default void restart() {
        stop();
        start();
    }

    /** Stops the server and removes its temporary files. */
    @Override
    void close();

    /**
     * Starts {@code server}; if it cannot start, closes it so that nothing is left behind, and rethrows.
     *
     * @return the started server
     */
    static <S extends TestServer> S started(S server) {
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }
}
