package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLaunchTest {
    @TempDir
    Path checkout;

    private HarnessEnvironment environment(Map<String, String> env, Optional<String> gortHome, String classpath) {
        return new HarnessEnvironment(env, gortHome, checkout, Path.of("/jdk25/bin/java"), classpath);
    }

    private Path buildAgentJar() throws IOException {
        Path jar = checkout.resolve(AgentLaunch.JAR_IN_CHECKOUT);
        Files.createDirectories(jar.getParent());
        return Files.writeString(jar, "a jar");
    }

    @Test
    void findsTheJarInTheCheckoutOfGortJarAsTheLauncherRunsIt() throws IOException {
        Path jar = buildAgentJar();
        String gortJar = checkout.resolve("gort-cli/target/gort.jar").toString();
        AgentLaunch fromHome = AgentLaunch.locate(environment(Map.of(), Optional.of(checkout.toString()), gortJar));
        assertThat(fromHome.jar()).contains(jar);
        assertThat(fromHome.jvmFlags(Map.of())).containsExactly("-XX:+UnlockExperimentalVMOptions",
                "-XX:-DoJVMTIVirtualThreadTransitions", "-javaagent:" + jar);
        assertThat(fromHome.note()).isEmpty();
        AgentLaunch fromClasspath = AgentLaunch.locate(environment(Map.of(), Optional.empty(),
                "/elsewhere/x.jar:" + checkout.resolve("gort-bench/target/classes")));
        assertThat(fromClasspath.jar()).contains(jar);
    }

    @Test
    void aGortAgentJarOnTheClassPathIsTakenAsItIs() {
        assertThat(AgentLaunch.candidates(Optional.empty(), "/m2/gort-agent-0.1.0-SNAPSHOT.jar:/m2/picocli.jar"))
                .containsExactly(Path.of("/m2/gort-agent-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void aMissingJarIsAWarningThatNamesWhereItLookedAndTheBuildCommand() {
        AgentLaunch none = AgentLaunch.locate(environment(Map.of(), Optional.of(checkout.toString()), ""));
        assertThat(none.jar()).isEmpty();
        assertThat(none.jvmFlags(Map.of())).isEmpty();
        assertThat(none.note()).hasValueSatisfying(n -> assertThat(n)
                .startsWith("warning: gort-agent's jar was not found")
                .contains(checkout.resolve(AgentLaunch.JAR_IN_CHECKOUT).toString(), AgentLaunch.BUILD_COMMAND));
    }

    @Test
    void godebugAsyncpreemptoffTurnsItOffAsGoAndTheAgentReadIt() throws IOException {
        Path jar = buildAgentJar();
        AgentLaunch off = AgentLaunch.at(jar, Map.of("GODEBUG", "asyncpreemptoff=1"));
        assertThat(off.jvmFlags(Map.of())).isEmpty();
        assertThat(off.note()).hasValueSatisfying(n -> assertThat(n).contains("GODEBUG=asyncpreemptoff=1",
                "without gort-agent"));
        assertThat(AgentLaunch.asyncpreemptoff("asyncpreemptoff=1,asyncpreemptoff=0")).as("the last wins").isFalse();
        assertThat(AgentLaunch.asyncpreemptoff("schedtrace=1000, asyncpreemptoff=2")).isTrue();
        assertThat(AgentLaunch.asyncpreemptoff("gctrace=1")).isFalse();
        assertThat(AgentLaunch.asyncpreemptoff(null)).isFalse();
    }
}
