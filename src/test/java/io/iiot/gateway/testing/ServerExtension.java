package io.iiot.gateway.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that runs a {@link TestServer} for a test class or for each test.
 *
 * <p>Registered on a {@code static} field with {@code @RegisterExtension}, one server serves the whole
 * test class; on an instance field, each test gets a server of its own. The server is closed (stopped and
 * its files removed) after the class or the test.
 *
 * @param <S> the kind of server
 */
public abstract class ServerExtension<S extends TestServer>
        implements
            BeforeAllCallback,
            AfterAllCallback,
            BeforeEachCallback,
            AfterEachCallback {

    private final Supplier<S> factory;
    private S server;
    private boolean perClass;

    /**
     * Creates an extension that builds its server with {@code factory} each time one is needed.
     *
     * @param factory builds an unstarted server
     */
    protected ServerExtension(Supplier<S> factory) {
        this.factory = factory;
    }

    /**
     * Returns the running server.
     *
     * @throws IllegalStateException outside a test class or test that the extension serves
     */
    public S server() {
        if (server == null) {
            throw new IllegalStateException("no server: register " + getClass().getSimpleName()
                    + " with @RegisterExtension and use it from a test");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        server = startNew();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            server = startNew();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            closeServer();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeServer();
    }

    private S startNew() {
        return TestServer.started(factory.get());
    }

    private void closeServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
