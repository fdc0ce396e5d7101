package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void everyWorkloadOfTheIssueIsThereInOrder() {
        assertThat(Catalog.all(Sizes.QUICK)).extracting(WorkloadSpec::name).containsExactlyElementsOf(Catalog.NAMES)
                .containsExactly("spawn", "pingpong", "chan-buffered", "syscall-fast", "syscall-block-handoff",
                        "binarytrees", "parked", "schedlatency", "tcp-echo");
        assertThat(Catalog.named("nope", Sizes.QUICK)).isEmpty();
    }

    @Test
    void everyWorkloadHasAGortLaunchInEachModeAndAtLeastOnePeer() {
        for (WorkloadSpec s : Catalog.all(Sizes.FULL)) {
            assertThat(s.launchesOf(Impl.GORT)).as(s.name()).isNotEmpty();
            assertThat(s.launchesOf(Impl.GORT_CONTINUATION)).as(s.name())
                    .containsExactlyElementsOf(s.launchesOf(Impl.GORT).stream()
                            .filter(l -> !l.args().contains("--java-net"))   // java.net needs virtual threads
                            .map(Launch::inContinuationMode).toList());
            assertThat(s.launchesOf(Impl.GO)).as(s.name()).isNotEmpty();
        }
    }

    @Test
    void figuresAreThePrimaryOnesOfTheIssue() {
        assertThat(Catalog.all(Sizes.QUICK)).extracting(s -> s.name() + ":" + s.figure().key()).containsExactly(
                "spawn:ns_per_op", "pingpong:ns_per_op", "chan-buffered:ns_per_op", "syscall-fast:ns_per_op",
                "syscall-block-handoff:slowdown", "binarytrees:wall_ms", "parked:bytes_per_g", "schedlatency:p99_us",
                "tcp-echo:rps");
    }

    @Test
    void tcpEchoRunsEveryServerUnderEchoShWithItsQuickFlag() {
        WorkloadSpec quick = Catalog.named("tcp-echo", Sizes.QUICK).orElseThrow();
        assertThat(quick.figures()).extracting(Figure::key)
                .containsExactly("rps", "p50_us", "p99_us", "bytes_per_conn", "threads", "errors");
        assertThat(quick.figure().lowerIsBetter()).isFalse();
        assertThat(quick.launches()).allSatisfy(l -> {
            assertThat(l.underLoad()).as(l.describe()).isPresent();
            assertThat(l.underLoad().get().script()).isEqualTo("echo.sh");
            assertThat(l.underLoad().get().scriptArgs()).containsExactly("--quick");
        });
        assertThat(quick.launches()).extracting(Launch::describe).containsExactly(
                "gort echo.sh --quick --server echoserver (GOMAXPROCS=2)",
                "gort echo.sh --quick --server echoserver --java-net (GOMAXPROCS=2)",
                "gort-continuation echo.sh --quick --server " + Launch.CONTINUATION_MODE_FLAG + " echoserver (GOMAXPROCS=2)",
                "go echo.sh --quick --server go",
                "jdk echo.sh --quick --server jdk-vthread");
        assertThat(quick.launches()).extracting(l -> l.underLoad().get().benchName())
                .containsExactly("tcp-echo", "tcp-echo-java.net", "tcp-echo", "tcp-echo", "tcp-echo");
        assertThat(Catalog.named("tcp-echo", Sizes.FULL).orElseThrow().launches())
                .allSatisfy(l -> assertThat(l.underLoad().get().scriptArgs()).isEmpty());
    }

    /** Catches drift: the sizes must be run-all.sh's, when the peers are beside the repository. */
    @Test
    void sizesMatchRunAllSh() throws Exception {
        Optional<Path> script = List.of(Path.of("../../shared/peers/run-all.sh"), Path.of("../shared/peers/run-all.sh"))
                .stream().filter(Files::isRegularFile).findFirst();
        assumeTrue(script.isPresent(), "shared/peers/run-all.sh is not beside this checkout");
        String text = Files.readString(script.get());
        Matcher quick = Pattern.compile("if \\$quick; then N=(\\d+); NB=(\\d+); D=(\\d+); IT=(\\d+); DUR=\\w+; "
                + "DURMS=(\\d+)\\s*\\n\\s*else N=(\\d+); NB=(\\d+); D=(\\d+); IT=(\\d+); DUR=\\w+; DURMS=(\\d+)")
                .matcher(text);
        assertThat(quick.find()).as("run-all.sh size line").isTrue();
        assertThat(new Sizes(Long.parseLong(quick.group(1)), Long.parseLong(quick.group(2)),
                Integer.parseInt(quick.group(3)), Long.parseLong(quick.group(4)), Long.parseLong(quick.group(5)),
                List.of("--quick"))).isEqualTo(Sizes.QUICK);
        assertThat(new Sizes(Long.parseLong(quick.group(6)), Long.parseLong(quick.group(7)),
                Integer.parseInt(quick.group(8)), Long.parseLong(quick.group(9)), Long.parseLong(quick.group(10)),
                List.of())).isEqualTo(Sizes.FULL);
        assertThat(text).as("run-all.sh runs echo.sh with --quick in quick mode only, as Sizes.echoArgs")
                .contains("if $quick; then \"$here/echo.sh\" --quick; else \"$here/echo.sh\"; fi");
    }
}
