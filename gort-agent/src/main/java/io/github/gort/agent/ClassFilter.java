package io.github.gort.agent;

import java.util.List;

/**
 * Which classes the agent rewrites: everything a class loader other than the JVM's own loads, except gort's runtime
 * (its own code yields only where it means to), the agent itself, JDK-named packages loaded from the class path,
 * and what the options exclude; with includes given, only those.
 *
 * <p>Names are internal ({@code com/example/Foo}); prefixes in the options are package prefixes in either form
 * ({@code com.example.} or {@code com/example/}). Immutable.
 */
public final class ClassFilter {
    /** The runtime module's name: none of its classes is rewritten. */
    public static final String RUNTIME_MODULE = "io.github.gort.runtime";
    /**
     * gort-runtime's packages and the agent's, for when they are on the class path (no module tells them then). A
     * gort-runtime test checks this list against the runtime module's descriptor.
     */
    public static final List<String> GORT_PACKAGES = List.of(
            "io/github/gort/runtime/", "io/github/gort/heap/", "io/github/gort/sync/", "io/github/gort/context/",
            "io/github/gort/net/", "io/github/gort/diagnosis/", "io/github/gort/internal/", "io/github/gort/agent/");
    private static final List<String> JDK_PACKAGES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    private final List<String> include;
    private final List<String> exclude;

    ClassFilter(List<String> include, List<String> exclude) {
        this.include = include.stream().map(ClassFilter::internal).toList();
        this.exclude = exclude.stream().map(ClassFilter::internal).toList();
    }

    /** True if a class of that internal name, defined by loader in module, gets loop polls. */
    boolean rewrites(Module module, ClassLoader loader, String name) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return false;                                    // the JDK's own
        }
        if (module != null && module.isNamed() && isGortOrJdkModule(module.getName())) {
            return false;
        }
        if (isGortRuntime(name) || startsWithAny(name, JDK_PACKAGES) || startsWithAny(name, exclude)) {
            return false;
        }
        return include.isEmpty() || startsWithAny(name, include);
    }

    /** True if the internal name is in one of gort-runtime's (or the agent's) packages. */
    public static boolean isGortRuntime(String internalName) {
        return startsWithAny(internalName, GORT_PACKAGES);
    }

    private static boolean isGortOrJdkModule(String module) {
        return module.equals(RUNTIME_MODULE) || module.equals("io.github.gort.agent") || module.startsWith("java.")
                || module.startsWith("jdk.");
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String internal(String prefix) {
        return prefix.replace('.', '/');
    }

    @Override
    public String toString() {
        return "include=" + (include.isEmpty() ? "(all)" : include) + " exclude=" + exclude;
    }
}
