package io.iiot.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayLaunchTest {

    @TempDir
    Path dir;

    @Test
    void startsTheJarWithTheConfigurationsJvmOptions() throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"),
                "# the heap\n-XX:+UseSerialGC\n\n-Xmx128m   # enough\n");
        GatewayLaunch launch = GatewayLaunch.from(dir);

        assertEquals(List.of(GatewayLaunch.java(), "@" + options.toAbsolutePath(), "-jar", "gw.jar", "--config",
                "site"), launch.command(Path.of("gw.jar"), Path.of("site")));
        assertEquals("-XX:+UseSerialGC -Xmx128m", launch.describe());
    }

    @Test
    void withoutJvmOptionsTheJvmDefaultsApplyAndTheReportSaysSo() {
        GatewayLaunch launch = GatewayLaunch.from(dir);

        assertEquals(List.of(GatewayLaunch.java(), "-jar", "gw.jar", "--config", "site"),
                launch.command(Path.of("gw.jar"), Path.of("site")));
        assertEquals("JVM defaults (no jvm.options)", launch.describe());
    }

    @Test
    void theShippedJvmOptionsAreAcceptedByThisJvm() throws Exception {
        // a misspelt option would stop the gateway before it logs anything
        List<String> command = new ArrayList<>(List.of(GatewayLaunch.java(), "@config/jvm.options", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version did not end");
        assertEquals(0, java.exitValue(), output);
    }
}
