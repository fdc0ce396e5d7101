package io.github.gort.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test doubles: a listener that remembers, outcomes without processes, and a small two-workload catalog. */
final class Fakes {
    private Fakes() {}

    static ProcessOutcome printed(String... lines) {
        return new ProcessOutcome(new Command(List.of("fake"), Path.of("."), Map.of()), 0, false, List.of(lines), "",
                Duration.ofMillis(1));
    }

    static ProcessOutcome timedOut() {
        return new ProcessOutcome(new Command(List.of("fake", "--hang"), Path.of("."), Map.of()), -1, true, List.of(),
                "", Duration.ofSeconds(3));
    }

    static ProcessOutcome exited(int status, String stderr) {
        return new ProcessOutcome(new Command(List.of("fake"), Path.of("."), Map.of()), status, false, List.of(),
                stderr, Duration.ofMillis(1));
    }

    static String line(String name, Impl impl, int procs, String key, double value) {
        return "BENCH name=" + name + " impl=" + impl.label() + " procs=" + procs + " n=1000 " + key + "=" + value;
    }

    /** spawn (all three) and syscall-fast (gort and go only), with tiny sizes. */
    static List<WorkloadSpec> twoWorkloads() {
        Sizes tiny = new Sizes(10, 10, 4, 10, 10, List.of("--quick"));
        return List.of(Catalog.named("spawn", tiny).orElseThrow(), Catalog.named("syscall-fast", tiny).orElseThrow());
    }

    static final class Recorder implements BenchListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void starting(String workload, int run, int runs, Launch launch) {
            events.add("start " + workload + " " + run + " " + launch.impl().peerName());
        }

        @Override
        public void result(BenchResult result) {
            events.add("result " + result.toLine());
        }

        @Override
        public void failure(String message) {
            events.add("failure " + message);
        }
    }
}
