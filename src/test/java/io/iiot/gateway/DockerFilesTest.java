package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            if (line.startsWith("COPY")) {
                String[] words = line.split("\\s+");
                String source = words[words.length - 2];
                assertTrue(source.equals("target/iiot-nats-gateway.jar") || Files.isDirectory(Path.of(source)),
                        "COPY source " + source + " does not exist");
            }
        }
    }

    @Test
    void theImageRunsAsANonRootUser() throws IOException {
        assertTrue(dockerfile().stream().anyMatch(l -> l.matches("USER\\s+(?!root\\b)\\S+")), "no non-root USER");
    }

    @Test
    void composeBuildsFromTheDockerfile() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        for (String service : List.of("gateway", "simulator")) {
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
        new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).at("/services/gateway/environment")
                .fieldNames().forEachRemaining(variable -> assertTrue(variables.contains(variable),
                        variable + " overrides no key the gateway has"));
    }
}
