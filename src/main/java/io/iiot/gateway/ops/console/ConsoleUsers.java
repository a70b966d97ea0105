package io.iiot.gateway.ops.console;

import io.iiot.gateway.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Who may log in to the console, and with which roles. Users come from a file (key {@code hawtio.users-file}),
 * one per line, {@code NAME = HASH, ROLE[, ROLE...]} with a {@link PasswordHash}, and from the environment: a
 * user named by {@code HAWTIO_USER} whose password is {@code HAWTIO_PASSWORD}, with role {@code admin}. There is no
 * built-in user: with neither, nobody can log in.
 */
public final class ConsoleUsers {

    /** Checked for unknown names, so the time of an answer does not tell which names exist. */
    private static final String UNKNOWN_USER_HASH = PasswordHash.of("unknown".toCharArray());

    private final Map<String, User> users;

    private ConsoleUsers(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * @param file the users file, or null for none
     * @param environmentUser {@code HAWTIO_USER}, or null
     * @param environmentPassword {@code HAWTIO_PASSWORD}, or null
     * @throws ConfigException naming the file, user and problem
     */
    public static ConsoleUsers load(Path file, String environmentUser, String environmentPassword) {
        Map<String, User> users = new HashMap<>();
        if (file != null) {
            readFile(file, users);
        }
        boolean hasUser = environmentUser != null && !environmentUser.isBlank();
        boolean hasPassword = environmentPassword != null && !environmentPassword.isEmpty();
        if (hasUser != hasPassword) {
            throw new ConfigException(Path.of("(environment)"), hasUser ? "HAWTIO_PASSWORD" : "HAWTIO_USER",
                    "is missing: HAWTIO_USER and HAWTIO_PASSWORD go together");
        }
        if (hasUser) {
            users.put(environmentUser.strip(), new User(PasswordHash.of(environmentPassword.toCharArray()),
                    List.of("admin")));
        }
        return new ConsoleUsers(users);
    }

    private static void readFile(Path file, Map<String, User> users) {
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file, "", "cannot be read: " + e.getMessage());
        }
        for (String name : lines.stringPropertyNames()) {
            List<String> fields = Arrays.stream(lines.getProperty(name).split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            if (fields.size() < 2) {
                throw new ConfigException(file, name, "expected HASH, ROLE[, ROLE...]");
            }
            try {
                PasswordHash.matches(new char[0], fields.get(0));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, name, e.getMessage());
            }
            users.put(name, new User(fields.get(0), fields.subList(1, fields.size())));
        }
    }

    /** True when nobody is configured. */
    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The roles of {@code name} when {@code password} is right, empty otherwise. */
    public Optional<List<String>> authenticate(String name, char[] password) {
        User user = name == null ? null : users.get(name);
        if (user == null) {
            PasswordHash.matches(password, UNKNOWN_USER_HASH);
            return Optional.empty();
        }
        return PasswordHash.matches(password, user.hash()) ? Optional.of(user.roles()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ConsoleUsers" + users.keySet();
    }

    private record User(String hash, List<String> roles) {
    }
}
