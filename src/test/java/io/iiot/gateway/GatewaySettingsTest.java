package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

    @TempDir
    Path dir;

    private Path properties(String text) throws IOException {
        return Files.writeString(dir.resolve("application.properties"), text);
    }

    @Test
    void theSiteFileOverridesTheJarDefaults() throws IOException {
        properties("gateway.site = hamburg\n");
        assertEquals("hamburg", GatewaySettings.load(dir, Map.of()).get("gateway.site"));
    }

    @Test
    void theEnvironmentOverridesTheSiteFile() throws IOException {
        properties("nats.servers = nats://a:4222\n");
        GatewaySettings settings = GatewaySettings.load(dir, Map.of("NATS_SERVERS", "nats://b:4222"));
        assertEquals("nats://b:4222", settings.get("nats.servers"));
    }

    @Test
    void hyphenatedKeysHaveUnderscoredVariables() {
        assertEquals("NATS_CREDENTIALS_FILE", GatewaySettings.environmentName("nats.credentials-file"));
    }

    @Test
    void aMissingDirectoryIsOneLine() {
        Path missing = dir.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(missing, Map.of()));
        assertEquals(missing + ": configuration directory does not exist (--config)", e.getMessage());
    }

    @Test
    void aMissingPropertiesFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(dir.resolve("application.properties") + ": is missing or not readable", e.getMessage());
    }

    @Test
    void aBrokenPropertiesFileIsNamed() throws IOException {
        Path file = properties("gateway.site = \\uZZZZ\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": cannot be read: Malformed \\uxxxx encoding.", e.getMessage());
    }

    @Test
    void anUnknownRoleNamesTheKey() throws IOException {
        Path file = properties("gateway.role = fog\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": gateway.role: 'fog' is not one of edge, cloud, all", e.getMessage());
    }

    @Test
    void anOrgThatIsNotATokenNamesTheKey() throws IOException {
        Path file = properties("gateway.org = ACME Corp\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": gateway.org: 'ACME Corp' is not a subject token ([a-z0-9_-]+)", e.getMessage());
    }

    @Test
    void aBadNatsUrlNamesTheKey() throws IOException {
        Path file = properties("nats.servers = nats://ok:4222, http://web:80\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": nats.servers: 'http://web:80' is not a NATS URL: "
                + "expected nats://host:port (or tls://, ws://, wss://)", e.getMessage());
    }

    @Test
    void aMissingRoutesDirectoryNamesTheKey() throws IOException {
        Path file = properties("gateway.routes-dir = " + dir.resolve("no-routes") + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": gateway.routes-dir: directory " + dir.resolve("no-routes") + " does not exist",
                e.getMessage());
    }

    @Test
    void placeholdersResolveFromTheSettings() throws IOException {
        properties("gateway.org = globex\n");
        assertEquals("[\"globex.*.dlq.*\"]",
                GatewaySettings.load(dir, Map.of()).resolve("[\"{{gateway.org}}.*.dlq.*\"]"));
    }

    @Test
    void anUnsetPlaceholderIsNamed() throws IOException {
        properties("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.load(dir, Map.of()).resolve("{{no.such.key}}"));
        assertEquals("placeholder {{no.such.key}} is not set", e.getMessage());
    }

    @Test
    void aSecretInTheFileIsRefusedNamingItsVariable() throws IOException {
        Path file = properties("nats.password = hunter2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewaySettings.load(dir, Map.of()));
        assertEquals(file + ": nats.password: is a secret: set NATS_PASSWORD in the environment instead of "
                + "writing it in a file", e.getMessage());
    }

    @Test
    void aSecretFromTheEnvironmentIsUsed() throws IOException {
        properties("");
        assertEquals("hunter2", GatewaySettings.load(dir, Map.of("NATS_PASSWORD", "hunter2")).get("nats.password"));
    }
}
