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
}
