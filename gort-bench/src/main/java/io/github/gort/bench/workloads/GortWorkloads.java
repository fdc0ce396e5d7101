package io.github.gort.bench.workloads;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entry point of gort's workload JVMs ({@code GortWorkloads <workload> [size args]}) and the registry that
 * maps a workload name to its class by the naming rule in {@link GortWorkload}.
 *
 * <p>Exit status: 0 after the workload printed its lines, 1 when it threw, 2 for a workload gort lacks.
 */
public final class GortWorkloads {
    private GortWorkloads() {}

    /** Runs the named workload with the remaining arguments. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: GortWorkloads <workload> [size args]");
            System.exit(2);
        }
        Optional<GortWorkload> w = find(args[0]);
        if (w.isEmpty()) {
            System.err.println("gort has no workload '" + args[0] + "' yet (no class " + className(args[0]) + ")");
            System.exit(2);
        }
        int status = 0;
        try {
            w.get().run(List.of(Arrays.copyOfRange(args, 1, args.length)));
        } catch (Exception e) {
            System.err.println("workload " + args[0] + " failed:");
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);   // leftover runtime threads must not keep the JVM alive
    }

    /** True when gort has a class for workload {@code name}. */
    public static boolean exists(String name) {
        return find(name).isPresent();
    }

    /** A new instance of the workload called {@code name}, or empty when gort has none yet. */
    public static Optional<GortWorkload> find(String name) {
        Class<?> c;
        try {
            c = Class.forName(className(name));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();  // not written yet, or it links against runtime API that is not there
        }
        if (!GortWorkload.class.isAssignableFrom(c)) {
            throw new IllegalStateException(c.getName() + " does not implement GortWorkload");
        }
        try {
            return Optional.of((GortWorkload) c.getConstructor().newInstance());
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(c.getName() + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(c.getName() + " constructor failed", e.getCause());
        }
    }

    /** The class for a workload name: {@code chan-buffered} is {@code ...workloads.ChanBufferedWorkload}. */
    static String className(String name) {
        StringBuilder b = new StringBuilder(GortWorkloads.class.getPackageName()).append('.');
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.append("Workload").toString();
    }
}
