package io.github.gort.agent;

import example.loops.LoopsMain;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: the built agent jar in a JVM of its own ({@code -javaagent:gort-agent.jar=…} and
 * {@code -Xverify:all}, the JDK running this test) runs {@link LoopsMain}; its output and the agent's verbose
 * summary are checked. A surefire test, not a failsafe IT: maven-failsafe-plugin is not in the offline repository.
 * The build runs it in the execution {@code agent-process}, after the jar plugin in the {@code package} phase,
 * which sets {@code gort.agent.jar.required}: there a missing or stale jar fails the test. Run any other way (an
 * IDE, the default test execution) it skips, saying so, when the jar (the pom's {@code gort.agent.jar}) is missing
 * or older than the agent's classes: {@code mvn -pl gort-agent package} first, then the test.
 */
class AgentProcessTest {
    /**
     * LoopsMain's counted loops: 1,000 passes from constant to constant (one strip, no poll) and a lambda's 500 (one
     * strip, one poll); and 51 recursive entries.
     */
    private static final String EXPECTED_POLLS = "polls=" + (0 + 1 + 51);
    private Path jar;

    @TempDir
    Path dir;

    /** Per test, so that each one reports itself skipped, with the reason, when the jar is not there. */
    @BeforeEach
    void findTheJar() throws URISyntaxException, IOException {
        String property = System.getProperty("gort.agent.jar");
        need(property != null, "no gort.agent.jar property (set by gort-agent's pom): run the test with Maven");
        jar = Path.of(property);
        need(Files.isRegularFile(jar), jar + " is not built yet: run mvn -o -pl gort-agent package first");
        Path classes = Path.of(LoopPollRewriter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/github/gort/agent");
        Path newest;
        try (var files = Files.list(classes)) {
            newest = files.max(Comparator.comparingLong(f -> f.toFile().lastModified())).orElseThrow();
        }
        need(jar.toFile().lastModified() >= newest.toFile().lastModified(),
                jar + " is older than " + newest + ": run mvn -o -pl gort-agent package to rebuild it");
    }

    /** A precondition: fails the test in the build's agent-process execution, skips it elsewhere. */
    private static void need(boolean met, String why) {
        if (Boolean.getBoolean("gort.agent.jar.required")) {
            assertThat(met).as(why).isTrue();
        } else {
            assumeTrue(met, why);
        }
    }

    /** What the child printed. */
    record Run(int exit, List<String> out, String err) {}

    private Run run(String agentOptions, Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(LoopsMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xverify:all",
                "-javaagent:" + jar + (agentOptions.isEmpty() ? "" : "=" + agentOptions),
                "-cp", classes, LoopsMain.class.getName()));
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        pb.environment().remove("GODEBUG");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        // A JVM start with -Xverify:all takes a second or two; 120 s allows for a loaded 2-core machine.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
        }
        return new Run(p.exitValue(), Files.readAllLines(out.toPath()),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void loopsOfTheMainClassPollAndTheSummarySaysSo() throws Exception {
        Run r = run("verbose", Map.of());
        LoopPollRewriter.Result expected = LoopPollRewriter.rewrite(RewritingLoader.bytesOf(LoopsMain.class.getName()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsExactly("agent=on", "sum=499500", "squares=41541750", "depth=50",
                "hidden=300 true", EXPECTED_POLLS);
        assertThat(expected.backEdges()).as("the lambda's strip; main's loop of one strip has none").isEqualTo(1);
        assertThat(expected.stripMined()).isEqualTo(1);
        assertThat(expected.entries()).isEqualTo(1);
        // One class: LoopsMain. Not the JDK's classes that load after the agent (lambda forms, the launcher's), not
        // the lambda's proxy, not HiddenLoop as the hidden class it is (its 300 polls would show in polls=).
        assertThat(r.err()).contains("gort-agent: loop polls in 1 classes (1 back-edges, 1 method entries);"
                + " 0 classes left as they were");
    }

    @Test
    void anExcludedPackageIsLeftAsItWas() throws Exception {
        Run r = run("exclude=example.;verbose", Map.of());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsExactly("agent=on", "sum=499500", "squares=41541750", "depth=50",
                "hidden=300 true", "polls=0");
        assertThat(r.err()).contains("gort-agent: loop polls in 0 classes (0 back-edges, 0 method entries);"
                + " 0 classes left as they were");
    }

    @Test
    void asyncpreemptoffTurnsTheAgentOff() throws Exception {
        Run r = run("verbose", Map.of("GODEBUG", "asyncpreemptoff=1"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsExactly("agent=off (GODEBUG=asyncpreemptoff=1)", "sum=499500",
                "squares=41541750", "depth=50", "hidden=300 true", "polls=0");
        assertThat(r.err()).doesNotContain("gort-agent: loop polls");
    }

    @Test
    void aBadOptionStopsTheJvmWithTheAgentsMessage() throws Exception {
        Run r = run("verbos", Map.of());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).as("main never ran (the JVM prints its fatal error there)")
                .noneMatch(l -> l.startsWith("agent="));
        assertThat(r.err()).contains("java.lang.IllegalArgumentException: gort-agent: unknown option 'verbos';"
                + " options are include=PREFIXES,");
    }
}
