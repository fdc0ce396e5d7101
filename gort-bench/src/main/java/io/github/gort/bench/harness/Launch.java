package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One program start within a run of a workload: which implementation, which program, and with what.
 *
 * <p>{@code program} is a binary name in the Go build directory for {@link Impl#GO}, a source file in
 * {@code peers/jdk} for {@link Impl#JDK}, and a gort workload name for {@link Impl#GORT}. {@link LaunchCommands}
 * turns it into a command line.
 *
 * @param impl     who runs it
 * @param program  what to start (see above)
 * @param jvmFlags flags before the program, for the JVM-based implementations; empty for Go
 * @param args     the program's own arguments (sizes and variants)
 * @param env      extra environment variables, e.g. GOMAXPROCS
 */
public record Launch(Impl impl, String program, List<String> jvmFlags, List<String> args, Map<String, String> env) {
    /**
     * The JVM flag that selects gort's continuation mode ({@code gort.godebug} is read in place of GODEBUG). The
     * workloads print the mode they ran in as their {@code impl=}, so a launch that ran in the other mode (say, a
     * GODEBUG=goroutines=continuation inherited by the default line) fails instead of filling the wrong line.
     */
    public static final String CONTINUATION_MODE_FLAG = "-Dgort.godebug=goroutines=continuation";

    /** Copies the lists and map so that a launch stays immutable. */
    public Launch {
        jvmFlags = List.copyOf(jvmFlags);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** A Go peer binary with arguments. */
    public static Launch go(String binary, String... args) {
        return new Launch(Impl.GO, binary, List.of(), List.of(args), Map.of());
    }

    /** A Go peer binary run with {@code GOMAXPROCS} set, as run-all.sh does for pingpong. */
    public static Launch goWithProcs(int gomaxprocs, String binary, String... args) {
        return new Launch(Impl.GO, binary, List.of(), List.of(args), Map.of("GOMAXPROCS", Integer.toString(gomaxprocs)));
    }

    /** A JDK peer source file run by the source launcher with {@code flags}. */
    public static Launch jdk(List<String> flags, String sourceFile, String... args) {
        return new Launch(Impl.JDK, sourceFile, flags, List.of(args), Map.of());
    }

    /** A gort workload in a fresh JVM with {@code flags}. */
    public static Launch gort(List<String> flags, String workload, String... args) {
        return new Launch(Impl.GORT, workload, flags, List.of(args), Map.of());
    }

    /** A gort workload with {@code GOMAXPROCS} set in its environment, which gort reads like Go does. */
    public static Launch gortWithProcs(int gomaxprocs, String workload, String... args) {
        return new Launch(Impl.GORT, workload, List.of(), List.of(args),
                Map.of("GOMAXPROCS", Integer.toString(gomaxprocs)));
    }

    /**
     * This gort launch in the continuation mode: the same program, arguments and environment, as
     * {@link Impl#GORT_CONTINUATION} with {@link #CONTINUATION_MODE_FLAG} before its own flags. Throws
     * IllegalStateException for a launch that is not gort's default mode.
     */
    public Launch inContinuationMode() {
        if (impl != Impl.GORT) {
            throw new IllegalStateException("only a gort launch has a continuation mode, not '" + describe() + "'");
        }
        List<String> flags = new ArrayList<>();
        flags.add(CONTINUATION_MODE_FLAG);
        flags.addAll(jvmFlags);
        return new Launch(Impl.GORT_CONTINUATION, program, flags, args, env);
    }

    /** A short description for progress and error messages, e.g. {@code go pingpong -n 100000 (GOMAXPROCS=1)}. */
    public String describe() {
        StringBuilder b = new StringBuilder(impl.peerName()).append(' ');
        jvmFlags.forEach(f -> b.append(f).append(' '));
        b.append(program);
        args.forEach(a -> b.append(' ').append(a));
        env.forEach((k, v) -> b.append(" (").append(k).append('=').append(v).append(')'));
        return b.toString();
    }
}
