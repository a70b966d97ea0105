package io.iiot.gateway;

import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * Resolves an option's {@code defaultValue = "${env:NAME}"} from a given environment rather than the process's,
 * so that a test can run a command with the environment it needs. Options without such a default keep theirs.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private static final Pattern ENVIRONMENT_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument.userObject() instanceof AnnotatedElement element && element.isAnnotationPresent(Option.class)) {
            Matcher variable = ENVIRONMENT_DEFAULT.matcher(element.getAnnotation(Option.class).defaultValue());
            if (variable.matches()) {
                return environment.get(variable.group(1));
            }
        }
        return null;
    }
}
