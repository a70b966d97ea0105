package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code gateway.role} decides which route set an instance creates. */
class RoleTest {

    /** The routes whose precondition holds for {@code role}, evaluated the way Camel does at start-up. */
    private static List<String> routeIds(String role) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("gateway.role", role);
            context.getPropertiesComponent().setInitialProperties(properties);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context,
                    "file:" + Path.of("routes", "opcua-to-jetstream.camel.yaml").toAbsolutePath()));
            return context.getRouteDefinitions().stream()
                    .filter(r -> r.getPrecondition() == null || context.resolveLanguage("simple")
                            .createPredicate(r.getPrecondition()).matches(new DefaultExchange(context)))
                    .map(RouteDefinition::getRouteId).toList();
        }
    }

    @ParameterizedTest
    @CsvSource({"edge, 1", "all, 1", "cloud, 0"})
    void ingestRoutesRunOnlyWhereTheRoleIngests(String role, int routes) throws Exception {
        assertEquals(routes, routeIds(role).size(), role);
    }
}
