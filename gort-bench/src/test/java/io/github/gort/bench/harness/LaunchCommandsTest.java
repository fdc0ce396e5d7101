package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchCommandsTest {
    private final Path java = Path.of("/jdk25/bin/java");
    private final Path peers = Path.of("/shared/peers");
    private final AgentLaunch agent = AgentLaunch.at(Path.of("/build/gort-agent.jar"), Map.of());
    private final LaunchCommands commands = new LaunchCommands(java, Optional.of(peers),
            Optional.of(Path.of("/tmp/gobin")), "a.jar:b.jar", Path.of("/work"), agent);

    @Test
    void jdkPeersRunFromTheirDirectoryWithTheSameJava() {
        Launch l = Catalog.named("pingpong", Sizes.QUICK).orElseThrow().launchesOf(Impl.JDK).get(0);
        Command c = commands.commandFor(l);
        assertThat(c.argv()).containsExactly("/jdk25/bin/java", "-Djdk.virtualThreadScheduler.parallelism=1",
                "PingPong.java", "100000");
        assertThat(c.cwd()).isEqualTo(peers.resolve("jdk"));
    }

    @Test
    void goPeersRunFromTheBuildDirectoryWithGomaxprocs() {
        Launch l = Catalog.named("pingpong", Sizes.QUICK).orElseThrow().launchesOf(Impl.GO).get(0);
        Command c = commands.commandFor(l);
        assertThat(c.argv()).containsExactly("/tmp/gobin/pingpong", "-n", "100000");
        assertThat(c.env()).containsEntry("GOMAXPROCS", "1");
        assertThat(c.display()).isEqualTo("GOMAXPROCS=1 /tmp/gobin/pingpong -n 100000");
    }

    @Test
    void gortRunsInAFreshJvmWithTheExportsTheOpensAndTheClassPath() {
        Launch l = Catalog.named("parked", Sizes.FULL).orElseThrow().launchesOf(Impl.GORT).get(0);
        assertThat(commands.commandFor(l).argv()).containsExactly("/jdk25/bin/java", "--add-exports",
                "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UnlockExperimentalVMOptions",
                "-XX:-DoJVMTIVirtualThreadTransitions", "-javaagent:/build/gort-agent.jar", "-Xmx4g",
                "-cp", "a.jar:b.jar", "io.github.gort.bench.workloads.GortWorkloads", "parked", "1000000");
    }

    @Test
    void tcpEchoRunsEchoShUneditedWithOneServerEach() {
        WorkloadSpec echo = Catalog.named("tcp-echo", Sizes.QUICK).orElseThrow();
        Command go = commands.commandFor(echo.launchesOf(Impl.GO).get(0));
        assertThat(go.argv()).containsExactly("bash", "/shared/peers/echo.sh", "--quick", "--server", "go");
        assertThat(go.cwd()).isEqualTo(peers);
        assertThat(go.env()).as("echo.sh's own Go build and load generator get no GOMAXPROCS").isEmpty();
        assertThat(commands.commandFor(echo.launchesOf(Impl.JDK).get(0)).argv())
                .containsExactly("bash", "/shared/peers/echo.sh", "--quick", "--server", "jdk-vthread");
        String prefix = "GOMAXPROCS=2 exec /jdk25/bin/java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED "
                + "--add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED "
                + "-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions -javaagent:/build/gort-agent.jar ";
        assertThat(commands.commandFor(echo.launchesOf(Impl.GORT).get(0)).argv()).containsExactly("bash",
                "/shared/peers/echo.sh", "--quick", "--server", "gort=" + prefix
                        + "-Dgort.godebug=goroutines=virtualthread -cp a.jar:b.jar io.github.gort.cli.GortCommand run "
                        + "echoserver");
        assertThat(commands.commandFor(echo.launchesOf(Impl.GORT).get(1)).argv()).last().isEqualTo("gort=" + prefix
                + "-Dgort.godebug=goroutines=virtualthread -cp a.jar:b.jar io.github.gort.cli.GortCommand run "
                + "echoserver --java-net");
        assertThat(commands.commandFor(echo.launchesOf(Impl.GORT_CONTINUATION).get(0)).argv()).last()
                .isEqualTo("gort-continuation=" + prefix + "-Dgort.godebug=goroutines=continuation -cp a.jar:b.jar "
                        + "io.github.gort.cli.GortCommand run echoserver");
        assertThat(LaunchCommands.shellQuote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
    }

    @Test
    void gortsContinuationModeIsTheSameLaunchWithTheGodebugProperty() {
        WorkloadSpec pingpong = Catalog.named("pingpong", Sizes.QUICK).orElseThrow();
        List<Launch> cont = pingpong.launchesOf(Impl.GORT_CONTINUATION);
        assertThat(cont).hasSameSizeAs(pingpong.launchesOf(Impl.GORT)).hasSize(2);
        Command c = commands.commandFor(cont.get(0));
        assertThat(c.argv()).containsExactly("/jdk25/bin/java", "--add-exports",
                "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UnlockExperimentalVMOptions",
                "-XX:-DoJVMTIVirtualThreadTransitions", "-javaagent:/build/gort-agent.jar",
                "-Dgort.godebug=goroutines=continuation", "-cp", "a.jar:b.jar",
                "io.github.gort.bench.workloads.GortWorkloads", "pingpong", "100000");
        assertThat(c.env()).containsEntry("GOMAXPROCS", "1");
        assertThat(c.cwd()).isEqualTo(Path.of("/work"));
        assertThat(commands.commandFor(pingpong.launchesOf(Impl.GORT).get(0)).argv())
                .doesNotContain("-Dgort.godebug=goroutines=continuation");
    }

    @Test
    void onlyAGortLaunchHasAContinuationMode() {
        assertThatThrownBy(() -> Launch.go("spawn", "-n", "1").inContinuationMode())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only a gort launch has a continuation mode, not 'go spawn -n 1'");
        Launch cont = Launch.gort(List.of("-Xmx2g"), "binarytrees", "4").inContinuationMode();
        assertThat(cont.jvmFlags()).containsExactly("-Dgort.godebug=goroutines=continuation", "-Xmx2g");
        assertThatThrownBy(cont::inContinuationMode).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGoLaunchWithoutGoIsABug() {
        LaunchCommands noGo = new LaunchCommands(java, Optional.of(peers), Optional.empty(), "x", Path.of("/work"),
                agent);
        Launch l = Launch.go("spawn", "-n", "1");
        assertThatThrownBy(() -> noGo.commandFor(l)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Go peers were built");
        assertThat(List.of(l.describe())).containsExactly("go spawn -n 1");
    }

    @Test
    void aJdkLaunchWithoutPeersIsABugButGortStillRuns() {
        LaunchCommands alone = new LaunchCommands(java, Optional.empty(), Optional.empty(), "x", Path.of("/work"),
                agent);
        assertThatThrownBy(() -> alone.commandFor(Launch.jdk(List.of(), "Spawn.java", "1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no peers directory was found");
        assertThat(alone.commandFor(Launch.gort(List.of(), "parked", "1")).cwd())
                .isEqualTo(Path.of("/work"));
    }

    @Test
    void gortLaunchesInBothModesLoadTheAgentAndTheJdkPeersDoNot() {
        WorkloadSpec schedlatency = Catalog.named("schedlatency", Sizes.QUICK).orElseThrow();
        String flag = "-javaagent:/build/gort-agent.jar";
        assertThat(commands.commandFor(schedlatency.launchesOf(Impl.GORT).get(0)).argv()).contains(flag);
        assertThat(commands.commandFor(schedlatency.launchesOf(Impl.GORT_CONTINUATION).get(0)).argv()).contains(flag);
        assertThat(commands.commandFor(schedlatency.launchesOf(Impl.JDK).get(0)).argv())
                .as("the JDK row is the JDK's own scheduler").noneMatch(a -> a.startsWith("-javaagent"));
        assertThat(commands.commandFor(schedlatency.launchesOf(Impl.GO).get(0)).argv())
                .noneMatch(a -> a.startsWith("-javaagent"));
    }

    @Test
    void godebugAsyncpreemptoffInTheHarnessEnvironmentLeavesTheAgentOut() {
        LaunchCommands off = new LaunchCommands(java, Optional.of(peers), Optional.empty(), "a.jar", Path.of("/work"),
                AgentLaunch.at(Path.of("/build/gort-agent.jar"), Map.of("GODEBUG", "gctrace=1,asyncpreemptoff=1")));
        Launch workload = Catalog.named("schedlatency", Sizes.QUICK).orElseThrow().launchesOf(Impl.GORT).get(0);
        assertThat(off.commandFor(workload).argv()).noneMatch(a -> a.startsWith("-javaagent"));
        assertThat(off.commandFor(workload.inContinuationMode()).argv()).noneMatch(a -> a.startsWith("-javaagent"));
        Launch server = Catalog.named("tcp-echo", Sizes.QUICK).orElseThrow().launchesOf(Impl.GORT).get(0);
        assertThat(off.commandFor(server).argv()).last().asString().doesNotContain("-javaagent");
        assertThat(commands.commandFor(server).argv()).last().asString().contains("-javaagent:/build/gort-agent.jar");
    }

    @Test
    void theLaunchsOwnGodebugDecidesOverTheHarnesss() {
        LaunchCommands off = new LaunchCommands(java, Optional.of(peers), Optional.empty(), "a.jar", Path.of("/work"),
                AgentLaunch.at(Path.of("/build/gort-agent.jar"), Map.of("GODEBUG", "asyncpreemptoff=1")));
        Launch on = new Launch(Impl.GORT, "schedlatency", List.of(), List.of("500"),
                Map.of("GODEBUG", "asyncpreemptoff=0"));
        assertThat(off.commandFor(on).argv()).contains("-javaagent:/build/gort-agent.jar");
        Launch offByLaunch = new Launch(Impl.GORT, "schedlatency", List.of(), List.of("500"),
                Map.of("GODEBUG", "asyncpreemptoff=1"));
        assertThat(commands.commandFor(offByLaunch).argv()).noneMatch(a -> a.startsWith("-javaagent"));
    }
}
