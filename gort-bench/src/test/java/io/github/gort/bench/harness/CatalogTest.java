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
                        "binarytrees", "parked", "schedlatency");
        assertThat(Catalog.named("nope", Sizes.QUICK)).isEmpty();
    }

    @Test
    void everyWorkloadHasAGortLaunchInEachModeAndAtLeastOnePeer() {
        for (WorkloadSpec s : Catalog.all(Sizes.FULL)) {
            assertThat(s.launchesOf(Impl.GORT)).as(s.name()).isNotEmpty();
            assertThat(s.launchesOf(Impl.GORT_CONTINUATION)).as(s.name())
                    .containsExactlyElementsOf(s.launchesOf(Impl.GORT).stream().map(Launch::inContinuationMode)
                            .toList());
            assertThat(s.launchesOf(Impl.GO)).as(s.name()).isNotEmpty();
        }
    }

    @Test
    void figuresAreThePrimaryOnesOfTheIssue() {
        assertThat(Catalog.all(Sizes.QUICK)).extracting(s -> s.name() + ":" + s.figure().key()).containsExactly(
                "spawn:ns_per_op", "pingpong:ns_per_op", "chan-buffered:ns_per_op", "syscall-fast:ns_per_op",
                "syscall-block-handoff:slowdown", "binarytrees:wall_ms", "parked:bytes_per_g", "schedlatency:p99_us");
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
                Integer.parseInt(quick.group(3)), Long.parseLong(quick.group(4)), Long.parseLong(quick.group(5))))
                .isEqualTo(Sizes.QUICK);
        assertThat(new Sizes(Long.parseLong(quick.group(6)), Long.parseLong(quick.group(7)),
                Integer.parseInt(quick.group(8)), Long.parseLong(quick.group(9)), Long.parseLong(quick.group(10))))
                .isEqualTo(Sizes.FULL);
    }
}
