package io.github.gort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheWorkloadsAndHowToGetGo() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("Usage: bench", "--quick", "--peers", "--peers-dir", "--out",
                "spawn, pingpong, chan-buffered, syscall-fast, syscall-block-handoff, binarytrees, parked, schedlatency",
                "apt-get install golang-go", "Exit status");
    }

    @Test
    void anUnknownWorkloadIsAUsageError() {
        assertThat(execute("--quick", "fibonacci")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown workload 'fibonacci'", "choose from spawn");
    }

    @Test
    void anUnknownPeerIsAUsageError() {
        assertThat(execute("--peers", "go,rust")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown peer 'rust'");
    }

    @Test
    void aMissingPeersDirectoryNamesIt() {
        Path nowhere = tmp.resolve("nowhere");
        assertThat(execute("--quick", "--peers-dir", nowhere.toString(), "--out", tmp.resolve("o").toString(),
                "spawn")).isEqualTo(2);
        assertThat(err.toString()).contains("peer programs not found", "--peers-dir " + nowhere);
    }

    @Test
    void runsAgainstAFakePeerAndRecordsTheCommandInTheReport() throws Exception {
        Path jdk = Files.createDirectories(tmp.resolve("peers/jdk"));
        Files.writeString(jdk.resolve("ChanBuffered.java"), """
                public class ChanBuffered {
                    public static void main(String[] a) {
                        System.out.println("BENCH name=chan-buffered impl=jdk-vthread procs=2 n=" + a[0] + " ns_per_op=9.5");
                    }
                }
                """);
        Path results = tmp.resolve("results");
        int status = execute("--quick", "--runs", "1", "--peers", "jdk", "--timeout", "60",
                "--peers-dir", jdk.getParent().toString(), "--out", results.toString(), "chan-buffered");

        assertThat(status).as(err.toString()).isLessThanOrEqualTo(1);
        assertThat(out.toString()).contains("BENCH name=chan-buffered impl=jdk-vthread procs=2 n=1000000 ns_per_op=9.5",
                "chan-buffered procs=2", "not selected");
        assertThat(Files.readString(results.resolve("latest.json"))).contains("\"command\": \"gort bench --quick --runs 1 "
                + "--peers jdk --timeout 60 --peers-dir " + jdk.getParent() + " --out " + results + " chan-buffered\"");
    }
}
