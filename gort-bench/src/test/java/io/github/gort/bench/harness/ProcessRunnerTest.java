package io.github.gort.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private static Command sh(String script, Map<String, String> env) {
        return new Command(List.of("/bin/sh", "-c", script), Path.of("."), env);
    }

    @Test
    void capturesOutputStatusAndEnvironment() throws Exception {
        ProcessOutcome o = new ProcessRunner(Duration.ofSeconds(30))
                .run(sh("echo BENCH name=x impl=go procs=$P n=1; echo oops >&2; exit 3", Map.of("P", "7")));
        assertThat(o.timedOut()).isFalse();
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.stdout()).containsExactly("BENCH name=x impl=go procs=7 n=1");
        assertThat(o.stderr()).isEqualTo("oops");
    }

    @Test
    void killsAProgramAtTheTimeoutWithItsChildren() throws Exception {
        long t = System.nanoTime();
        ProcessOutcome o = new ProcessRunner(Duration.ofMillis(300)).run(sh("sleep 30 & sleep 30; wait", Map.of()));
        assertThat(o.timedOut()).isTrue();
        assertThat(o.succeeded()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aProgramThatCannotStartIsAnErrorNamingIt() {
        Command missing = new Command(List.of("/no/such/program", "-n", "1"), Path.of("."), Map.of());
        assertThatThrownBy(() -> new ProcessRunner(Duration.ofSeconds(5)).run(missing))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot start /no/such/program -n 1");
    }
}
