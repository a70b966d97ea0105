package io.iiot.gateway.ops.console;

import java.security.Principal;

/** The logged-in console user; Hawtio finds the user name by this class's simple name. */
public record UserPrincipal(String getName) implements Principal {
}
