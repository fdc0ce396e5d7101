package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the harness reads from its surroundings: environment variables, {@code gort.home}, the working directory,
 * the java launcher and class path for gort's JVMs. Tests build their own.
 *
 * @param env           environment variables (for GORT_PEERS, PATH and Go's cache)
 * @param gortHome      the {@code gort.home} system property, or empty
 * @param workingDir    the working directory
 * @param java          the java launcher for gort and the JDK peers
 * @param gortClasspath the class path gort's workload JVMs get
 */
public record HarnessEnvironment(Map<String, String> env, Optional<String> gortHome, Path workingDir, Path java,
                                 String gortClasspath) {
    /** Copies the environment. */
    public HarnessEnvironment {
        env = Map.copyOf(env);
    }

    /** The running JVM's surroundings. */
    public static HarnessEnvironment current() {
        return new HarnessEnvironment(System.getenv(), Optional.ofNullable(System.getProperty(PeersLocator.HOME_PROPERTY)),
                Path.of("").toAbsolutePath(), LaunchCommands.currentJava(), System.getProperty("java.class.path"));
    }
}
