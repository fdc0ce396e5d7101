package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a {@link Launch} into the exact command line, as run-all.sh would for the peers.
 *
 * <ul>
 *   <li>Go: {@code DIR/<program> <args>}, where DIR is the temporary build directory.</li>
 *   <li>JDK: {@code java <flags> <Program>.java <args>} with the working directory {@code peers/jdk}, using the same
 *       JDK 25 that runs gort.</li>
 *   <li>gort, either mode: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED
 *       --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -javaagent:<gort-agent.jar>
 *       <flags> -cp <classpath> io.github.gort.bench.workloads.GortWorkloads <workload> <args>}, a fresh JVM per
 *       start like the peers. The continuation mode's flags start with {@link Launch#CONTINUATION_MODE_FLAG}. The
 *       {@code -javaagent} flag is {@link AgentLaunch}'s: absent with GODEBUG=asyncpreemptoff=1 or without the
 *       jar.</li>
 *   <li>A server under load (tcp-echo): {@code bash peers/echo.sh <script args> --server <server>} in
 *       {@code peers}, where the server is echo.sh's builtin {@code go} or {@code jdk-vthread}, or for gort
 *       {@code LABEL=GOMAXPROCS=2 exec java <gort flags> [-javaagent:<gort-agent.jar>] <flags> -cp <classpath>
 *       io.github.gort.cli.GortCommand run <example> <args>} (the launch's environment goes into the server's
 *       command, not echo.sh's, so that the Go build and the load generator run as echo.sh runs them).</li>
 * </ul>
 */
public final class LaunchCommands {
    /** The main class of gort's side. */
    public static final String GORT_MAIN = "io.github.gort.bench.workloads.GortWorkloads";

    /**
     * The default goroutine mode, stated for gort's tcp-echo servers in that mode: unlike the workloads they print
     * no mode of their own to check, so a GODEBUG=goroutines=continuation in the environment must not reach them.
     */
    static final String VIRTUAL_THREAD_MODE_FLAG = "-Dgort.godebug=goroutines=virtualthread";

    /** The main class of {@code gort run}, which serves gort's tcp-echo servers (the gort-cli examples). */
    public static final String GORT_RUN_MAIN = "io.github.gort.cli.GortCommand";

    /**
     * The flags every gort JVM needs on the class path: continuations (jdk.internal.vm), virtual threads with
     * gort as their scheduler (java.lang, the default goroutine mode), and the FFM downcalls of the syscall
     * workloads.
     */
    public static final List<String> GORT_JVM_FLAGS = List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");

    private final Path java;
    private final Optional<Path> peersDir;
    private final Optional<Path> goBin;
    private final String gortClasspath;
    private final Path workingDir;
    private final AgentLaunch agent;

    /**
     * @param java          the java launcher (JDK 25), for gort and the JDK peers
     * @param peersDir      the peers directory, or empty when there are none (only gort runs)
     * @param goBin         where the Go peers were built, or empty when Go is not available
     * @param gortClasspath the class path holding gort-bench and gort-runtime
     * @param workingDir    where gort's JVMs start
     * @param agent         gort-agent for gort's JVMs (not the peers')
     */
    public LaunchCommands(Path java, Optional<Path> peersDir, Optional<Path> goBin, String gortClasspath,
                          Path workingDir, AgentLaunch agent) {
        this.java = java;
        this.peersDir = peersDir;
        this.goBin = goBin;
        this.gortClasspath = gortClasspath;
        this.workingDir = workingDir;
        this.agent = agent;
    }

    /** The java launcher of the running JVM ({@code java.home}/bin/java). */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The command for {@code launch}; throws IllegalStateException for a Go launch when Go is not available, and
     * for a JDK launch when there is no peers directory.
     */
    public Command commandFor(Launch launch) {
        if (launch.underLoad().isPresent()) {
            return underLoad(launch, launch.underLoad().get());
        }
        List<String> argv = new ArrayList<>();
        return switch (launch.impl()) {
            case GO -> {
                Path bin = goBin.orElseThrow(() -> new IllegalStateException(
                        "no Go peers were built, so '" + launch.describe() + "' cannot run"));
                argv.add(bin.resolve(launch.program()).toString());
                argv.addAll(launch.args());
                yield new Command(argv, peersDir(launch).resolve("go"), launch.env());
            }
            case JDK -> {
                argv.add(java.toString());
                argv.addAll(launch.jvmFlags());
                argv.add(launch.program());
                argv.addAll(launch.args());
                yield new Command(argv, peersDir(launch).resolve("jdk"), launch.env());
            }
            case GORT, GORT_CONTINUATION, GORT_TRACED -> {
                argv.add(java.toString());
                argv.addAll(GORT_JVM_FLAGS);
                argv.addAll(agent.jvmFlags(launch.env()));
                argv.addAll(launch.jvmFlags());
                argv.addAll(List.of("-cp", gortClasspath, GORT_MAIN, launch.program()));
                argv.addAll(launch.args());
                yield new Command(argv, workingDir, launch.env());
            }
        };
    }

    private Command underLoad(Launch launch, UnderLoad load) {
        Path peers = peersDir(launch);
        List<String> argv = new ArrayList<>(List.of("bash", peers.resolve(load.script()).toString()));
        argv.addAll(load.scriptArgs());
        argv.add("--server");
        argv.add(launch.impl().isGort() ? gortServer(launch) : launch.program());
        return new Command(argv, peers, Map.of());
    }

    /** echo.sh's {@code LABEL=COMMAND} for a gort server; echo.sh runs COMMAND with {@code bash -c}. */
    private String gortServer(Launch launch) {
        StringBuilder b = new StringBuilder(launch.impl().label()).append('=');
        new TreeMap<>(launch.env()).forEach((k, v) -> b.append(k).append('=').append(shellQuote(v)).append(' '));
        b.append("exec");
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(GORT_JVM_FLAGS);
        argv.addAll(agent.jvmFlags(launch.env()));     // gort run loads it from gort.jar, but here it runs with -cp
        if (launch.impl() == Impl.GORT) {
            argv.add(VIRTUAL_THREAD_MODE_FLAG);   // the server prints no mode: a GODEBUG inherited must not flip it
        }
        argv.addAll(launch.jvmFlags());
        argv.addAll(List.of("-cp", gortClasspath, GORT_RUN_MAIN, "run", launch.program()));
        argv.addAll(launch.args());
        argv.forEach(a -> b.append(' ').append(shellQuote(a)));
        return b.toString();
    }

    /** {@code s} as one bash word. */
    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** True when {@code gort run} is on this JVM's class path (gort.jar, or gort-cli's tests): it serves tcp-echo. */
    public static boolean gortRunPresent() {
        try {
            Class.forName(GORT_RUN_MAIN, false, LaunchCommands.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Path peersDir(Launch launch) {
        return peersDir.orElseThrow(() -> new IllegalStateException(
                "no peers directory was found, so '" + launch.describe() + "' cannot run"));
    }
}
