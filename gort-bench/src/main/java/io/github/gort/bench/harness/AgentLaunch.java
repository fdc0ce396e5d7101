package io.github.gort.bench.harness;

import io.github.gort.runtime.GoDebug;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * gort-agent for gort's workload JVMs, as {@code ./gort run} has it: the harness starts them with {@code -cp}, not
 * {@code -jar gort.jar}, so gort.jar's {@code Launcher-Agent-Class} does not load the agent there and
 * {@link LaunchCommands} adds {@code -javaagent:<gort-agent.jar>} to their command instead. Without it a goroutine
 * in a loop without runtime calls (schedlatency's spinners) is never preempted.
 *
 * <p>The flag is left out when the launch's GODEBUG (its own, else the harness's) sets {@code asyncpreemptoff}, Go's
 * key for "no asynchronous preemption", and when no agent jar was found; {@link #note()} then says which. The JDK
 * peers never get it: their row is the JDK's own scheduler.
 *
 * <p>The jar is looked for where the build leaves it, {@value #JAR_IN_CHECKOUT}, in the checkout named by
 * {@code gort.home} (./gort sets it) and in the checkout of every {@code <module>/target/...} entry of the class path
 * (gort.jar, or a module's {@code target/classes} under Maven); a class path entry that is a gort-agent jar itself
 * is taken as it is. Immutable.
 */
public final class AgentLaunch {
    /** Where the build leaves the agent, relative to the checkout (gort-agent's fixed finalName). */
    public static final String JAR_IN_CHECKOUT = "gort-agent/target/gort-agent.jar";
    /** The command, run in the checkout, that builds {@value #JAR_IN_CHECKOUT}. */
    public static final String BUILD_COMMAND = "mvn -q -pl gort-agent package -DskipTests";

    private final Optional<Path> jar;
    private final Map<String, String> env;
    private final List<Path> searched;

    private AgentLaunch(Optional<Path> jar, Map<String, String> env, List<Path> searched) {
        this.jar = jar;
        this.env = Map.copyOf(env);
        this.searched = List.copyOf(searched);
    }

    /** The agent at {@code jar}, with {@code env} as the harness's environment (its GODEBUG). */
    public static AgentLaunch at(Path jar, Map<String, String> env) {
        return new AgentLaunch(Optional.of(jar), env, List.of(jar));
    }

    /** The agent where {@code environment}'s checkout holds it, or none (then {@link #note()} says where it looked). */
    public static AgentLaunch locate(HarnessEnvironment environment) {
        List<Path> candidates = candidates(environment.gortHome(), environment.gortClasspath());
        Optional<Path> found = candidates.stream().filter(Files::isRegularFile).findFirst();
        return new AgentLaunch(found, environment.env(), candidates);
    }

    /** The places {@link #locate} tries, in order. */
    static List<Path> candidates(Optional<String> gortHome, String classpath) {
        Set<Path> out = new LinkedHashSet<>();
        gortHome.ifPresent(h -> out.add(Path.of(h).resolve(JAR_IN_CHECKOUT).toAbsolutePath().normalize()));
        List<Path> entries = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        for (Path e : entries) {
            String name = e.getFileName() == null ? "" : e.getFileName().toString();
            if (name.startsWith("gort-agent") && name.endsWith(".jar")) {
                out.add(e);
            }
        }
        for (Path e : entries) {
            Path target = e.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null && target.getParent().getParent() != null) {
                out.add(target.getParent().getParent().resolve(JAR_IN_CHECKOUT));
            }
        }
        return List.copyOf(out);
    }

    /** The agent jar, if one was found. */
    public Optional<Path> jar() {
        return jar;
    }

    /**
     * The flags that keep a loaded agent from slowing every goroutine switch: any Java agent creates a JVMTI
     * environment, and with one HotSpot reports each virtual thread's mount and unmount to JVMTI
     * (openjdk/jdk#11204), which gort does not use. Measured, {@code ./gort run pingpong} at GOMAXPROCS=1: 659-972
     * ns a round trip with the agent, 444-614 ns with these flags too. A debugger's JVMTI agent needs those
     * reports: leave the flags out to debug virtual threads. The ./gort launcher passes the same flags.
     */
    public static final List<String> NO_VIRTUAL_THREAD_EVENTS =
            List.of("-XX:+UnlockExperimentalVMOptions", "-XX:-DoJVMTIVirtualThreadTransitions");

    /**
     * The JVM flags that load the agent in a gort launch with {@code launchEnv} (its extra environment): the
     * {@code -javaagent} flag after {@link #NO_VIRTUAL_THREAD_EVENTS}, or none when GODEBUG sets asyncpreemptoff
     * or no jar was found.
     */
    public List<String> jvmFlags(Map<String, String> launchEnv) {
        if (asyncpreemptoff(launchEnv.getOrDefault("GODEBUG", env.get("GODEBUG")))) {
            return List.of();
        }
        return jar.map(j -> {
            List<String> flags = new java.util.ArrayList<>(NO_VIRTUAL_THREAD_EVENTS);
            flags.add("-javaagent:" + j);
            return List.copyOf(flags);
        }).orElse(List.of());
    }

    /**
     * What the harness should say before it runs anything, or empty when every gort launch gets the agent: GODEBUG
     * turned it off, or the jar is missing (where it looked, and the command that builds it).
     */
    public Optional<String> note() {
        if (asyncpreemptoff(env.get("GODEBUG"))) {
            return Optional.of("GODEBUG=" + env.get("GODEBUG") + ": gort's workloads run without gort-agent, so a "
                    + "loop without runtime calls is not preempted (as Go with asyncpreemptoff=1)");
        }
        if (jar.isEmpty()) {
            return Optional.of("warning: gort-agent's jar was not found (looked at " + String.join(", ",
                    searched.stream().map(Path::toString).toList()) + "), so gort's workloads run without loop "
                    + "preemption and schedlatency's spinners starve its sleeper; build it in the checkout with `"
                    + BUILD_COMMAND + "`");
        }
        return Optional.empty();
    }

    /**
     * True if a GODEBUG value sets asyncpreemptoff to anything but 0 (the last one wins), read as the runtime reads
     * it; unknown keys are the child's to warn about.
     *
     * @throws IllegalArgumentException for a malformed GODEBUG, as the runtime would throw
     */
    static boolean asyncpreemptoff(String godebug) {
        return GoDebug.parse(godebug, unknownKey -> { }).asyncpreemptoff();
    }

    @Override
    public String toString() {
        return "AgentLaunch[" + jar.map(Path::toString).orElse("no jar") + "]";
    }
}
