package io.iiot.gateway.ops.console;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The JAAS login module behind the console's login: checks the name and password Hawtio collects against
 * {@link ConsoleUsers} (passed in the module options as {@value #USERS}) and gives the subject a
 * {@link UserPrincipal} and one {@link RolePrincipal} per role.
 *
 * <p>Why our own: Jetty's {@code PropertyFileLoginModule} needs Jetty's login service around it and fails with a
 * NullPointerException inside Hawtio's JAAS login.
 */
public final class ConsoleLoginModule implements LoginModule {

    /** Option key holding the {@link ConsoleUsers}. */
    public static final String USERS = "users";

    private Subject subject;
    private CallbackHandler callbacks;
    private ConsoleUsers users;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.users = (ConsoleUsers) options.get(USERS);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[]{name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword() == null ? new char[0] : password.getPassword();
        try {
            List<String> roles = users.authenticate(name.getName(), secret)
                    .orElseThrow(() -> new FailedLoginException("wrong user name or password"));
            principals.add(new UserPrincipal(name.getName()));
            roles.forEach(role -> principals.add(new RolePrincipal(role)));
            return true;
        } finally {
            PasswordHash.clear(secret);
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
