package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void parsesAGoPeerLine() {
        BenchResult r = BenchResult.parse("BENCH name=pingpong impl=go procs=1 n=100000 max_ns_per_op=223.9 "
                + "min_ns_per_op=198.0 ns_per_op=198.9").orElseThrow();
        assertThat(r.name()).isEqualTo("pingpong");
        assertThat(r.impl()).isEqualTo("go");
        assertThat(r.procs()).isEqualTo(1);
        assertThat(r.n()).isEqualTo(100_000);
        assertThat(r.figure("ns_per_op")).contains(198.9);
        assertThat(r.figure("p99_us")).isEmpty();
        assertThat(r.fields()).doesNotContainKeys("name", "impl", "procs", "n");
    }

    @Test
    void otherLinesAreNotResults() {
        assertThat(BenchResult.parse("stretch tree of depth 17\t check: 262143")).isEmpty();
        assertThat(BenchResult.parse("")).isEmpty();
    }

    @Test
    void printsFiguresSortedLikeThePeers() {
        BenchResult r = BenchResult.parse("BENCH name=parked impl=gort procs=2 n=10 heap_bytes_per_g=9 bytes_per_g=8")
                .orElseThrow();
        assertThat(r.toLine()).isEqualTo("BENCH name=parked impl=gort procs=2 n=10 bytes_per_g=8 heap_bytes_per_g=9");
        assertThat(BenchResult.parse(r.toLine())).contains(r);
    }

    @Test
    void malformedBenchLinesAreErrorsNamingTheLine() {
        assertThatThrownBy(() -> BenchResult.parse("BENCH name=spawn procs=2 n=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no impl=")
                .hasMessageContaining("BENCH name=spawn");
        assertThatThrownBy(() -> BenchResult.parse("BENCH name=spawn impl=go procs=two n=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integers");
        assertThatThrownBy(() -> BenchResult.parse("BENCH name=spawn impl=go procs=2 n=1 junk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'junk'");
    }

    @Test
    void wakeupsOnlySchedlatencyLineHasNoP99() {
        BenchResult r = BenchResult.parse("BENCH name=schedlatency impl=jdk-vthread procs=2 n=0 wakeups=0")
                .orElseThrow();
        assertThat(r.figure(Figure.P99_US.key())).isEmpty();
    }
}
