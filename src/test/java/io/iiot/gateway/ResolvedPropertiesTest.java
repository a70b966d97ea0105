package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-start checks, reading the properties as Camel resolves them from the jar and the site file. */
class ResolvedPropertiesTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void closeContext() {
        context.stop();
    }

    private Path site(String text) throws IOException {
        return Files.writeString(dir.resolve("application.properties"), text);
    }

    private ResolvedProperties properties() {
        context.getPropertiesComponent().setLocation(GatewayMain.propertyLocations(dir));
        return new ResolvedProperties(context.getPropertiesComponent(), dir);
    }

    private ConfigException checkFails() {
        ResolvedProperties properties = properties();
        return assertThrows(ConfigException.class, () -> new GatewayConfiguration().check(properties));
    }

    @Test
    void theSiteFileOverridesTheJarDefaults() throws IOException {
        site("gateway.site = hamburg\n");
        assertEquals("hamburg", properties().get("gateway.site"));
    }

    @Test
    void aKeyTheSiteFileDoesNotSetHasTheJarDefault() throws IOException {
        site("");
        assertEquals("munich", properties().get("gateway.site"));
    }

    @Test
    void hyphenatedKeysHaveUnderscoredVariables() {
        assertEquals("NATS_CREDENTIALS_FILE", ResolvedProperties.environmentName("nats.credentials-file"));
    }

    @Test
    void theShippedConfigurationPassesEveryCheck() {
        new GatewayConfiguration().check(new ResolvedProperties(
                withLocation(GatewayMain.propertyLocations(Path.of("config"))).getPropertiesComponent(),
                Path.of("config")));
    }

    private DefaultCamelContext withLocation(String location) {
        context.getPropertiesComponent().setLocation(location);
        return context;
    }

    @Test
    void anUnknownRoleNamesTheFileAndKey() throws IOException {
        Path file = site("gateway.role = fog\n");
        assertEquals(file + ": gateway.role: 'fog' is not one of edge, cloud, all", checkFails().getMessage());
    }

    @Test
    void anOrgThatIsNotATokenNamesTheKey() throws IOException {
        Path file = site("gateway.org = ACME Corp\n");
        assertEquals(file + ": gateway.org: 'ACME Corp' is not a subject token ([a-z0-9_-]+)",
                checkFails().getMessage());
    }

    @Test
    void aNumberOutOfRangeNamesTheRange() throws IOException {
        Path file = site("gateway.redelivery.delay-ms = soon\n");
        assertEquals(file + ": gateway.redelivery.delay-ms: 'soon' is not a whole number from 0 to 3600000",
                checkFails().getMessage());
    }

    @Test
    void aMissingRoutesDirectoryNamesTheKey() throws IOException {
        Path file = site("camel.main.routesIncludePattern = file:" + dir.resolve("no-routes") + "/*.camel.yaml\n");
        assertEquals(file + ": camel.main.routesIncludePattern: " + dir.resolve("no-routes") + " does not exist",
                checkFails().getMessage());
    }

    @Test
    void aMissingKameletDirectoryNamesTheKey() throws IOException {
        Path file = site("camel.component.kamelet.location = file:" + dir.resolve("no-kamelets")
                + ",classpath:kamelets\n");
        assertEquals(file + ": camel.component.kamelet.location: " + dir.resolve("no-kamelets") + " does not exist",
                checkFails().getMessage());
    }

    @Test
    void aSecretInTheFileIsRefusedNamingItsVariable() throws IOException {
        Path file = site("nats.password = hunter2\n");
        assertEquals(file + ": nats.password: is a secret: set NATS_PASSWORD in the environment instead of "
                + "writing it in a file", checkFails().getMessage());
    }

    @Test
    void placeholdersResolveFromTheProperties() throws IOException {
        site("gateway.org = globex\n");
        assertEquals("[\"globex.*.dlq.*\"]", properties().resolve("[\"{{gateway.org}}.*.dlq.*\"]"));
    }

    @Test
    void anUnsetPlaceholderIsNamed() throws IOException {
        site("");
        ResolvedProperties properties = properties();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> properties.resolve("{{no.such.key}}"));
        assertEquals("placeholder {{no.such.key}} is not set", e.getMessage());
    }
}
