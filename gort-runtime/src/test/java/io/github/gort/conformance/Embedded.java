package io.github.gort.conformance;

import io.github.gort.context.Context;
import io.github.gort.runtime.Chan;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * Go's struct embedding of a Context, for the context tests' {@code otherContext{c}}, {@code &myCtx{c}} and
 * {@code &myDoneCtx{c}}: a Context of a type the context package does not know, whose methods are all promoted
 * from the embedded one. A dynamic proxy promotes every method of the interface, including any gort adds later
 * (such as {@code value}), exactly as embedding does; {@link #overridingDone} also overrides {@code Done}.
 */
final class Embedded {
    private Embedded() {}

    /** Go: {@code otherContext{inner}} / {@code &myCtx{inner}}. */
    static Context of(Context inner) {
        return proxy(inner, null);
    }

    /** Go: {@code &myDoneCtx{inner}}, whose Done returns done.get() (myDoneCtx: a new channel on every call). */
    static Context overridingDone(Context inner, Supplier<Chan<Void>> done) {
        return proxy(inner, done);
    }

    private static Context proxy(Context inner, Supplier<Chan<Void>> done) {
        InvocationHandler h = (self, m, args) -> {
            switch (m.getName()) {
                case "equals":
                    if (m.getParameterCount() == 1) {
                        return self == args[0];
                    }
                    break;
                case "hashCode":
                    if (m.getParameterCount() == 0) {
                        return System.identityHashCode(self);
                    }
                    break;
                case "done":
                    if (done != null && m.getParameterCount() == 0) {
                        return done.get();
                    }
                    break;
                default:
                    break;
            }
            return invoke(m, inner, args);
        };
        return (Context) Proxy.newProxyInstance(Embedded.class.getClassLoader(), new Class<?>[] {Context.class}, h);
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
