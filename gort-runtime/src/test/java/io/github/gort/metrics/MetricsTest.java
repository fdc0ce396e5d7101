package io.github.gort.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void readsGomaxprocsAndGoroutinesUnderGoNames() {
        double[] inside = new double[2];
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(3).printPanics(false));
        rt.run(() -> {
            List<Metrics.Sample> s = Metrics.read();
            inside[0] = value(s, "/sched/gomaxprocs:threads");
            inside[1] = value(s, "/sched/goroutines:goroutines");
        });
        assertThat(inside[0]).isEqualTo(3);
        assertThat(inside[1]).isGreaterThanOrEqualTo(1);
        assertThat(Metrics.read(rt, List.of("/gort/sched/goroutines/created:goroutines")).get(0).value())
                .isGreaterThanOrEqualTo(1);
        assertThat(Metrics.all()).extracting(Metrics.Description::name).doesNotHaveDuplicates()
                .contains("/gc/cycles/total:gc-cycles", "/gc/heap/goal:bytes");
    }

    private static double value(List<Metrics.Sample> samples, String name) {
        return samples.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }
}
