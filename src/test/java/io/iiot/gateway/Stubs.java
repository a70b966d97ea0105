package io.iiot.gateway;

import java.lang.reflect.Proxy;

/**
 * Stand-ins for connections to servers in tests that only build what the gateway builds: every method returns
 * another stand-in for an interface type, and null, false or zero otherwise.
 */
final class Stubs {

    private Stubs() {
    }

    static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Class<?> returns = method.getReturnType();
            if (method.getName().equals("toString")) {
                return "stub " + type.getSimpleName();
            }
            if (returns.isInterface()) {
                return of(returns);
            }
            if (returns == boolean.class) {
                return false;
            }
            if (returns.isPrimitive() && returns != void.class) {
                return returns == long.class ? 0L : returns == double.class ? 0.0 : returns == float.class ? 0f : 0;
            }
            return null;
        }));
    }
}
