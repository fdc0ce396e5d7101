package io.github.gort.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One program start within a run of a workload: which implementation, which program, and with what.
 *
 * <p>{@code program} is a binary name in the Go build directory for {@link Impl#GO}, a source file in
 * {@code peers/jdk} for {@link Impl#JDK}, and a gort workload name for {@link Impl#GORT}. A launch {@link
 * #underLoad() under load} is a server run by a peers script instead: {@code program} is then the script's builtin
 * server for Go and the JDK ({@code go}, {@code jdk-vthread}) and a {@code gort run} example for gort. {@link
 * LaunchCommands} turns either into a command line.
 *
 * @param impl      who runs it
 * @param program   what to start (see above)
 * @param jvmFlags  flags before the program, for the JVM-based implementations; empty for Go
 * @param args      the program's own arguments (sizes and variants)
 * @param env       extra environment variables, e.g. GOMAXPROCS (for a server under load: the server's only)
 * @param underLoad the script that runs this server under its load generator, or empty for a program that
 *                  measures itself
 */
public record Launch(Impl impl, String program, List<String> jvmFlags, List<String> args, Map<String, String> env,
                     Optional<UnderLoad> underLoad) {
    /**
     * The JVM flag that selects gort's continuation mode ({@code gort.godebug} is read in place of GODEBUG). The
     * workloads print the mode they ran in as their {@code impl=}, so a launch that ran in the other mode (say, a
     * GODEBUG=goroutines=continuation inherited by the default line) fails instead of filling the wrong line.
     */
    public static final String CONTINUATION_MODE_FLAG = "-Dgort.godebug=goroutines=continuation";

    /**
     * The JVM flag that turns the execution trace on in a workload JVM: its main goroutine starts a trace to a
     * temporary file first and stops it last (the workloads' {@code MainGoroutine}), and its lines say
     * {@code impl=gort-traced}.
     */
    public static final String TRACE_FLAG = "-Dgort.bench.trace=true";

    /** Copies the lists and map so that a launch stays immutable. */
    public Launch {
        jvmFlags = List.copyOf(jvmFlags);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** A program that measures itself. */
    public Launch(Impl impl, String program, List<String> jvmFlags, List<String> args, Map<String, String> env) {
        this(impl, program, jvmFlags, args, env, Optional.empty());
    }

    /**
     * Go's or the JDK's builtin tcp-echo server ({@code echo.sh --server go}, {@code --server jdk-vthread}), run by
     * {@code peers/echo.sh} with {@code scriptArgs}. echo.sh gives Go GOMAXPROCS=2 and the JDK 2 carriers.
     */
    public static Launch echoPeer(Impl peer, List<String> scriptArgs) {
        if (peer != Impl.GO && peer != Impl.JDK) {
            throw new IllegalArgumentException("echo.sh has builtin servers for go and jdk-vthread only, not " + peer);
        }
        return new Launch(peer, peer.label(), List.of(), List.of(), Map.of(),
                Optional.of(new UnderLoad(UnderLoad.ECHO_SH, scriptArgs, "tcp-echo")));
    }

    /**
     * gort's {@code gort run <example> <args>} as a tcp-echo server ({@code echo.sh --server 'gort=COMMAND'}),
     * with GOMAXPROCS=2 as echo.sh gives Go, its BENCH lines filed under {@code benchName}.
     */
    public static Launch gortEchoServer(String benchName, List<String> scriptArgs, String example, String... args) {
        return new Launch(Impl.GORT, example, List.of(), List.of(args), Map.of("GOMAXPROCS", "2"),
                Optional.of(new UnderLoad(UnderLoad.ECHO_SH, scriptArgs, benchName)));
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
        return derived(Impl.GORT_CONTINUATION, CONTINUATION_MODE_FLAG, "has a continuation mode");
    }

    /**
     * This gort launch with the execution trace on, as {@link Impl#GORT_TRACED} with {@link #TRACE_FLAG} before its
     * own flags. Throws IllegalStateException for a launch that is not gort's default mode.
     */
    public Launch traced() {
        return derived(Impl.GORT_TRACED, TRACE_FLAG, "can be traced");
    }

    /** This gort default-mode launch as another of gort's lines: flag first, then its own flags. */
    private Launch derived(Impl line, String flag, String what) {
        if (impl != Impl.GORT) {
            throw new IllegalStateException("only a gort launch " + what + ", not '" + describe() + "'");
        }
        List<String> flags = new ArrayList<>();
        flags.add(flag);
        flags.addAll(jvmFlags);
        return new Launch(line, program, flags, args, env, underLoad);
    }

    /** A short description for progress and error messages, e.g. {@code go pingpong -n 100000 (GOMAXPROCS=1)}. */
    public String describe() {
        StringBuilder b = new StringBuilder(impl.peerName()).append(' ');
        underLoad.ifPresent(u -> {
            b.append(u.script());
            u.scriptArgs().forEach(a -> b.append(' ').append(a));
            b.append(" --server ");
        });
        jvmFlags.forEach(f -> b.append(f).append(' '));
        b.append(program);
        args.forEach(a -> b.append(' ').append(a));
        env.forEach((k, v) -> b.append(" (").append(k).append('=').append(v).append(')'));
        return b.toString();
    }
}
