package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Docker files checked as far as a file can be checked without a Docker engine (there is none on the build
 * machines): the compose file parses, what the Dockerfile copies exists, the image does not run as root, and the
 * environment compose gives the gateway overrides keys the gateway has.
 */
class DockerFilesTest {

    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Path COMPOSE = Path.of("docker", "compose.yaml");

    private static List<String> dockerfile() throws IOException {
        return Files.readAllLines(DOCKERFILE);
    }

    @Test
    void everythingTheDockerfileCopiesIsInTheProjectAfterPackage() throws IOException {
        for (String line : dockerfile()) {
            // COPY --from=<stage> copies what an earlier build stage made, not a project file
            if (line.startsWith("COPY") && !line.contains("--from=")) {
                String[] words = line.split("\\s+");
                String source = words[words.length - 2];
                assertTrue(source.equals("target/iiot-nats-gateway.jar") || Files.exists(Path.of(source)),
                        "COPY source " + source + " does not exist");
            }
        }
    }

    @Test
    void theImageRunsAsANonRootUser() throws IOException {
        // the last USER line decides who runs the entry point; an earlier non-root one proves nothing
        List<String> users = dockerfile().stream().filter(l -> l.matches("USER\\s+.*")).toList();
        assertFalse(users.isEmpty(), "the Dockerfile sets no USER: the image would run as root");
        String user = users.get(users.size() - 1).split("\\s+")[1];
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:"),
                "the last USER is " + user);
    }

    @Test
    void composeBuildsFromTheDockerfile() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        for (String service : List.of("gateway-munich", "gateway-berlin", "gateway-cloud", "simulator")) {
            JsonNode build = services.at("/" + service + "/build");
            assertEquals(DOCKERFILE, COMPOSE.getParent().resolve(build.path("context").asText())
                    .resolve(build.path("dockerfile").asText()).normalize(), service);
        }
    }

    @Test
    void theGatewayEnvironmentInComposeOverridesKnownKeys() throws IOException {
        Set<String> variables = new HashSet<>(List.of("NATS_USER", "NATS_PASSWORD", "NATS_TOKEN"));
        for (Path file : List.of(Path.of("src", "main", "resources", "application.properties"),
                Path.of("config", "application.properties"))) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> variables.add(ResolvedProperties.environmentName(key)));
        }
        for (String gateway : List.of("gateway-munich", "gateway-berlin", "gateway-cloud")) {
            JsonNode environment = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile())
                    .at("/services/" + gateway + "/environment");
            assertTrue(environment.isObject() && !environment.isEmpty(),
                    "compose gives " + gateway + " no environment map: nothing tells it where NATS is");
            environment.fieldNames().forEachRemaining(variable -> assertTrue(variables.contains(variable),
                    variable + " overrides no key the gateway has"));
        }
    }
}
