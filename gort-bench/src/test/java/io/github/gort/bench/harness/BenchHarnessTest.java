package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command against a fake JDK peer, with no Go on PATH and gort lacking the workload. */
class BenchHarnessTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private BenchHarness harness(Path peers) {
        HarnessEnvironment env = new HarnessEnvironment(Map.of("PATH", "", "GORT_PEERS", peers.toString()),
                Optional.empty(), tmp, LaunchCommands.currentJava(), System.getProperty("java.class.path"));
        return new BenchHarness(env, w -> false, new PrintWriter(out), new PrintWriter(err));
    }

    private static BenchOptions options(Path outDir, String... workloads) {
        return new BenchOptions(List.of(workloads), Mode.QUICK, Set.of(Impl.GO, Impl.JDK), Optional.of(2),
                Optional.empty(), outDir, Optional.empty(), "gort bench --quick --runs 2 spawn");
    }

    @Test
    void runsThePeerPrintsRawLinesThenTheTableAndWritesReports() throws Exception {
        Path peers = Files.createDirectories(tmp.resolve("peers/jdk"));
        Files.createDirectories(tmp.resolve("peers/go"));   // Go peers present, but no go on PATH
        Files.writeString(peers.resolve("Spawn.java"), """
                public class Spawn {
                    public static void main(String[] a) {
                        System.out.println("some other output");
                        System.out.println("BENCH name=spawn impl=jdk-vthread procs=2 n=" + a[0] + " ns_per_op=123.4");
                    }
                }
                """);
        Path outDir = tmp.resolve("results");

        int status = harness(peers.getParent()).run(options(outDir, "spawn"));

        assertThat(status).as(err.toString()).isEqualTo(BenchHarness.OK);
        String stdout = out.toString();
        String raw = "BENCH name=spawn impl=jdk-vthread procs=2 n=100000 ns_per_op=123.4";
        assertThat(stdout.lines().filter(raw::equals)).hasSize(2);
        assertThat(stdout.indexOf(raw)).isLessThan(stdout.indexOf("workload"));
        assertThat(stdout).contains("not yet", "no go", "123.4-123.4").doesNotContain("some other output");
        assertThat(err.toString()).contains("apt-get install golang-go", "gort has no spawn workload yet");

        assertThat(outDir.resolve("latest.json")).exists();
        try (var files = Files.list(outDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("results-\\d{8}-\\d{6}\\.json"))
                    .anyMatch(n -> n.matches("report-\\d{8}-\\d{6}\\.html"));
        }
        Document html = Jsoup.parse(outDir.resolve("latest.html").toFile());
        assertThat(html.select("tr[data-impl=jdk-vthread] td.median").text()).isEqualTo("123.4");
        assertThat(html.select("svg#ratio-chart text.no-ratio").text()).isEqualTo("gort: not yet");
    }

    @Test
    void aNamedPeersDirectoryThatIsMissingIsExit2NamingIt() throws Exception {
        int status = harness(tmp.resolve("nowhere")).run(options(tmp.resolve("results"), "spawn"));
        assertThat(status).isEqualTo(BenchHarness.CANNOT_RUN);
        assertThat(err.toString()).contains("GORT_PEERS=" + tmp.resolve("nowhere"), "(no such directory)",
                "Pass --peers-dir DIR");
    }

    /** No peers beside the checkout, none named: gort's side runs alone and the note says where peers would be. */
    @Test
    void withoutPeersGortRunsAloneAndSaysWhereThePeersWouldBe() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("checkout"));
        HarnessEnvironment env = new HarnessEnvironment(Map.of("PATH", ""), Optional.of(home.toString()),
                home, LaunchCommands.currentJava(), System.getProperty("java.class.path"));
        BenchHarness alone = new BenchHarness(env, w -> true, new PrintWriter(out), new PrintWriter(err));

        int status = alone.run(new BenchOptions(List.of("spawn"), Mode.QUICK, Set.of(Impl.GO, Impl.JDK),
                Optional.of(1), Optional.empty(), tmp.resolve("results"), Optional.empty(), "gort bench --quick spawn"));

        assertThat(status).as(err.toString()).isEqualTo(BenchHarness.OK);
        assertThat(err.toString()).contains("no peer programs (a directory with go/ and jdk/) at "
                + tmp.resolve("shared/peers") + ", so gort runs alone", "--peers-dir DIR", "GORT_PEERS=DIR");
        assertThat(out.toString()).contains("BENCH name=spawn impl=gort ", "BENCH name=spawn impl=gort-continuation ")
                .contains("no peers")
                .doesNotContain("impl=go ").doesNotContain("impl=jdk-vthread");
        assertThat(tmp.resolve("results/latest.json")).exists();
    }

    @Test
    void aPeerThatFailsGivesExit1AndTheTableStillPrints() throws Exception {
        Path peers = Files.createDirectories(tmp.resolve("peers/jdk"));
        Files.createDirectories(tmp.resolve("peers/go"));   // Go peers present, but no go on PATH
        Files.writeString(peers.resolve("Spawn.java"), """
                public class Spawn {
                    public static void main(String[] a) { System.exit(4); }
                }
                """);
        int status = harness(peers.getParent()).run(options(tmp.resolve("results"), "spawn"));
        assertThat(status).isEqualTo(BenchHarness.SOME_FAILED);
        assertThat(err.toString()).contains("FAILED spawn run 1", "exited with status 4");
        assertThat(out.toString()).contains("failed");
    }

    /**
     * tcp-echo against a stand-in echo.sh that answers for whatever --server it is given as echoload would: every
     * launch runs the script once with one server; gort's java.net line is filed as its own row; no go on PATH
     * gives the note that says why echo.sh would stop.
     */
    @Test
    void tcpEchoRunsEchoShOncePerServerAndFilesTheJavaNetServerAsItsOwnRow() throws Exception {
        Path peers = Files.createDirectories(tmp.resolve("peers"));
        Files.createDirectories(peers.resolve("jdk"));
        Files.createDirectories(peers.resolve("go"));
        Path calls = tmp.resolve("calls.txt");
        Files.writeString(peers.resolve("echo.sh"), """
                #!/usr/bin/env bash
                echo "$*" >> '%s'
                [[ $1 == --quick && $2 == --server ]] || { echo "unexpected arguments: $*" >&2; exit 2; }
                label=${3%%%%=*}
                case $3 in *--java-net*) rps=100 ;; *) rps=400 ;; esac
                echo "BENCH name=tcp-echo impl=$label procs=2 n=10 conns=200 size=64 rps=$rps p50_us=1 p99_us=2 \
                max_us=3 bytes_per_conn=7000 threads=5 dial_ms=1.0 errors=0"
                """.formatted(calls));
        HarnessEnvironment env = new HarnessEnvironment(Map.of("PATH", "", "GORT_PEERS", peers.toString()),
                Optional.empty(), tmp, LaunchCommands.currentJava(), "gort.jar");
        BenchHarness h = new BenchHarness(env, w -> true, new PrintWriter(out), new PrintWriter(err));

        int status = h.run(new BenchOptions(List.of("tcp-echo"), Mode.QUICK, Set.of(Impl.GO, Impl.JDK),
                Optional.of(1), Optional.empty(), tmp.resolve("results"), Optional.empty(), "gort bench tcp-echo"));

        assertThat(status).as(err.toString()).isEqualTo(BenchHarness.OK);
        List<String> ran = Files.readAllLines(calls);
        assertThat(ran).hasSize(4);   // gort net, gort java.net, gort net (continuation), jdk; no go
        assertThat(ran.get(0)).startsWith("--quick --server gort=GOMAXPROCS=2 exec ").endsWith(" run echoserver");
        assertThat(ran.get(1)).endsWith(" run echoserver --java-net");
        assertThat(ran.get(2)).startsWith("--quick --server gort-continuation=GOMAXPROCS=2 exec ")
                .contains("-Dgort.godebug=goroutines=continuation");
        assertThat(ran.get(3)).isEqualTo("--quick --server jdk-vthread");
        assertThat(out.toString()).contains("BENCH name=tcp-echo-java.net impl=gort procs=2",
                "tcp-echo procs=2", "tcp-echo-java.net procs=2", "rps (round trips/s, higher is better)",
                "bytes_per_conn (bytes/conn)");
        assertThat(err.toString()).contains("tcp-echo's load generator is Go's",
                "go not found: install Debian's golang-go");
    }
}
