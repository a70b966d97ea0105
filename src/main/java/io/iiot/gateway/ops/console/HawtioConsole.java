package io.iiot.gateway.ops.console;

import java.net.URL;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.resource.URLResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hawtio console as a web application at {@code /hawtio}: Hawtio's war, unpacked into the jar at build time
 * under {@value #WEBAPP} without its own logging jars, with its Java classes on the gateway's class path. Its
 * Jolokia agent at {@code /hawtio/jolokia} reads the JVM's platform MBean server, where Camel registers the
 * gateway's context, routes and endpoints; {@code jolokia-access.xml} on the class path limits what it may do.
 *
 * <p>Hawtio reads its settings from {@code hawtio.*} system properties, so this class sets them before the
 * application starts; it installs the JAAS realm {@value #REALM} with {@link ConsoleLoginModule}.
 */
public final class HawtioConsole {

    /** Where the build unpacks the war inside the jar. */
    static final String WEBAPP = "hawtio-webapp";
    /** JAAS realm of the console login. */
    static final String REALM = "iiot-gateway";

    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);
    private static final URLResourceFactory JAR_URLS = new URLResourceFactory();

    private HawtioConsole() {
    }

    /**
     * The console's web application, not yet started.
     *
     * @param authentication false only on a trusted network: then anybody who reaches the port is an administrator
     * @param users who may log in
     * @param roles roles that may use the console, e.g. {@code admin,viewer}
     */
    public static WebAppContext webApp(boolean authentication, ConsoleUsers users, String roles) {
        URL webapp = HawtioConsole.class.getClassLoader().getResource(WEBAPP + "/index.html");
        if (webapp == null) {
            throw new IllegalStateException(WEBAPP + " is missing from the class path: build with 'mvn package'");
        }
        System.setProperty("hawtio.authenticationEnabled", Boolean.toString(authentication));
        System.setProperty("hawtio.realm", REALM);
        System.setProperty("hawtio.roles", roles);
        System.setProperty("hawtio.rolePrincipalClasses", RolePrincipal.class.getName());
        // a browser that is not logged in gets 401 rather than a login dialog of its own
        System.setProperty("hawtio.noCredentials401", "true");
        // the console manages this JVM only; its proxy would let a user reach other hosts' Jolokia agents
        System.setProperty("hawtio.disableProxy", "true");
        if (authentication) {
            installRealm(users);
            if (users.isEmpty()) {
                LOG.warn("Hawtio console: no users (hawtio.users-file, or HAWTIO_USER and HAWTIO_PASSWORD):"
                        + " nobody can log in");
            }
        } else {
            LOG.warn("Hawtio console: authentication is off (hawtio.authentication-enabled=false);"
                    + " whoever reaches the port can use it");
        }
        // Jetty's own "jar:" resources mount the whole jar as a zip file system (for the webapp and for its default
        // descriptor): a second index of the jar's 46,000 entries, about 17 MB of heap and direct memory for as long
        // as the console runs. Read through URLs instead, as the class loader does.
        ResourceFactory.registerResourceFactory("jar", JAR_URLS);
        WebAppContext context = new WebAppContext();
        context.setContextPath("/hawtio");
        String base = webapp.toExternalForm();
        context.setBaseResource(JAR_URLS.newResource(base.substring(0, base.lastIndexOf('/') + 1)));
        // Hawtio's classes are on the gateway's class path; the application must see them, not hide them
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        return context;
    }

    /** Adds the console realm to the JVM's JAAS configuration, keeping whatever else is configured there. */
    private static void installRealm(ConsoleUsers users) {
        Configuration previous = existingConfiguration();
        AppConfigurationEntry[] console = {new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(ConsoleLoginModule.USERS, users))};
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (REALM.equals(name)) {
                    return console;
                }
                return previous == null ? null : previous.getAppConfigurationEntry(name);
            }
        });
    }

    private static Configuration existingConfiguration() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException e) {
            // no java.security.auth.login.config: nothing to keep
            return null;
        }
    }
}
