package io.iiot.gateway.ops.console;

import java.security.Principal;

/** One role of the logged-in console user; {@code hawtio.rolePrincipalClasses} names this class. */
public record RolePrincipal(String getName) implements Principal {
}
