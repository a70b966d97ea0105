package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iiot.gateway.ops.OpsConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations keys are checked before start, each failure one line naming file, key and problem. */
class OpsConfigurationCheckTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void closeContext() {
        context.stop();
    }

    private ConfigException checkFails(String site) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), site);
        context.getPropertiesComponent().setLocation(GatewayMain.propertyLocations(dir));
        ResolvedProperties properties = new ResolvedProperties(context.getPropertiesComponent(), dir);
        ConfigException e = assertThrows(ConfigException.class, () -> new OpsConfiguration().check(properties));
        assertEquals(true, e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void aPortOutOfRangeIsRefused() throws Exception {
        assertEquals(true, checkFails("http.port = 70000\n").getMessage().contains("http.port"));
    }

    @Test
    void aUsersFileThatIsNotThereIsRefused() throws Exception {
        assertEquals(true, checkFails("hawtio.users-file = " + dir.resolve("nobody.properties") + "\n").getMessage()
                .contains("hawtio.users-file: file " + dir.resolve("nobody.properties") + " does not exist"));
    }
}
