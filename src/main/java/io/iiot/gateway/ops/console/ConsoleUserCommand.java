package io.iiot.gateway.ops.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code console-user NAME}: prints the line of the console's users file ({@code hawtio.users-file}) for a user,
 * with the password hashed. The password comes from {@code CONSOLE_PASSWORD}, or is asked for on the terminal,
 * or is the first line of standard input; it is never an argument, so it stays out of the shell history.
 */
@Command(name = "console-user", description = "print a users-file line for the Hawtio console (password hashed)")
public final class ConsoleUserCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "user name")
    private String name;

    @Option(names = "--role", split = ",", defaultValue = "admin",
            description = "role(s) of the user, comma-separated (default: ${DEFAULT-VALUE}); hawtio.roles lists"
                    + " the roles that may log in")
    private List<String> roles;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[A-Za-z0-9_.@-]+")) {
            throw new ParameterException(spec.commandLine(), "NAME: '" + name
                    + "' may hold only letters, digits and _ . @ -");
        }
        char[] password = password();
        if (password.length == 0) {
            throw new ParameterException(spec.commandLine(), "the password is empty");
        }
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(name + " = " + PasswordHash.of(password) + ", " + String.join(", ", roles));
            out.flush();
            return 0;
        } finally {
            PasswordHash.clear(password);
        }
    }

    private char[] password() throws IOException {
        String fromEnvironment = System.getenv("CONSOLE_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        if (System.console() != null) {
            char[] typed = System.console().readPassword("password for %s: ", name);
            return typed == null ? new char[0] : typed;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
