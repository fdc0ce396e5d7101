package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link Launch} into the exact command line, as run-all.sh would for the peers.
 *
 * <ul>
 *   <li>Go: {@code DIR/<program> <args>}, where DIR is the temporary build directory.</li>
 *   <li>JDK: {@code java <flags> <Program>.java <args>} with the working directory {@code peers/jdk}, using the same
 *       JDK 25 that runs gort.</li>
 *   <li>gort, either mode: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED
 *       --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED <flags> -cp <classpath>
 *       io.github.gort.bench.workloads.GortWorkloads <workload> <args>}, a fresh JVM per start like the peers. The
 *       continuation mode's flags start with {@link Launch#CONTINUATION_MODE_FLAG}.</li>
 * </ul>
 */
public final class LaunchCommands {
    /** The main class of gort's side. */
    public static final String GORT_MAIN = "io.github.gort.bench.workloads.GortWorkloads";

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

    /**
     * @param java          the java launcher (JDK 25), for gort and the JDK peers
     * @param peersDir      the peers directory, or empty when there are none (only gort runs)
     * @param goBin         where the Go peers were built, or empty when Go is not available
     * @param gortClasspath the class path holding gort-bench and gort-runtime
     * @param workingDir    where gort's JVMs start
     */
    public LaunchCommands(Path java, Optional<Path> peersDir, Optional<Path> goBin, String gortClasspath, Path workingDir) {
        this.java = java;
        this.peersDir = peersDir;
        this.goBin = goBin;
        this.gortClasspath = gortClasspath;
        this.workingDir = workingDir;
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
            case GORT, GORT_CONTINUATION -> {
                argv.add(java.toString());
                argv.addAll(GORT_JVM_FLAGS);
                argv.addAll(launch.jvmFlags());
                argv.addAll(List.of("-cp", gortClasspath, GORT_MAIN, launch.program()));
                argv.addAll(launch.args());
                yield new Command(argv, workingDir, launch.env());
            }
        };
    }

    private Path peersDir(Launch launch) {
        return peersDir.orElseThrow(() -> new IllegalStateException(
                "no peers directory was found, so '" + launch.describe() + "' cannot run"));
    }
}
