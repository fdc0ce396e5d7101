package io.github.gort.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the runtime's JFR events, recorded from a runtime that does what causes it, dumped and read back: the
 * fields say what happened (the reason, the goroutine, the P), and the long-running goroutine's stack trace is its
 * own.
 */
class RuntimeEventsTest {
    private static final long DEADLINE_NANOS = Duration.ofSeconds(20).toNanos();

    @Test
    void eachEventIsRecordedWithItsFields(@TempDir Path dir) throws Exception {
        long[] goids = new long[2];
        Path file = dir.resolve("gort.jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("StopTheWorld", "ForEachP", "GcCycle", "LongRunningGoroutine", "SyscallLostP")) {
                r.enable("io.github.gort." + e).withoutThreshold();
            }
            r.start();
            GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(2).printPanics(false));
            Heap heap = Heap.install(rt, HeapConfig.defaults().limitBytes(16L << 20));
            rt.run(() -> {
                Go.gomaxprocs(2);                               // a stop-the-world, reason GOMAXPROCS
                heap.collect();                                 // a GC cycle: two stops and forEachP rounds
                Sched sched = M.current().sched;
                goids[0] = Go.goid();
                spinUntilPreempted(sched.stats.preempts);
                Go.go(() -> { });                               // something queued while we sit in the call
                goids[1] = Go.goid();
                blockInSyscallUntilRetaken(sched.stats.retakes);
            });
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        List<RecordedEvent> stw = named(events, "io.github.gort.StopTheWorld");
        assertThat(stw).extracting(e -> e.getString("reason"))
                .contains("GOMAXPROCS", "GC sweep termination", "GC mark termination");
        for (RecordedEvent e : stw) {
            assertThat(e.getDuration("stopping")).isLessThanOrEqualTo(e.getDuration());
            assertThat(e.getInt("gomaxprocs")).isEqualTo(2);
        }

        List<RecordedEvent> rounds = named(events, "io.github.gort.ForEachP");
        assertThat(rounds).isNotEmpty();
        assertThat(rounds).allSatisfy(e -> assertThat(e.getInt("psRun")).isEqualTo(2));
        assertThat(rounds).extracting(e -> e.getLong("round")).doesNotHaveDuplicates().allMatch(n -> n >= 1);

        List<RecordedEvent> cycles = named(events, "io.github.gort.GcCycle");
        assertThat(cycles).isNotEmpty();
        RecordedEvent forced = cycles.stream().filter(e -> e.getBoolean("forced")).findFirst().orElseThrow();
        assertThat(forced.getInt("cycle")).isGreaterThanOrEqualTo(1);
        assertThat(forced.getDuration("sweepTerminationPause")).isPositive();
        assertThat(forced.getDuration("markTerminationPause")).isPositive();
        assertThat(forced.getDuration("sweepTerminationPause").plus(forced.getDuration("concurrentMark"))
                .plus(forced.getDuration("markTerminationPause"))).isLessThanOrEqualTo(forced.getDuration());

        RecordedEvent longRun = named(events, "io.github.gort.LongRunningGoroutine").stream()
                .filter(e -> e.getLong("goid") == goids[0]).findFirst().orElseThrow();
        assertThat(longRun.getDuration("ranFor")).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        assertThat(longRun.getStackTrace().getFrames()).extracting(RecordedFrame::getMethod)
                .extracting(m -> m.getName()).contains("spinUntilPreempted");

        RecordedEvent lost = named(events, "io.github.gort.SyscallLostP").stream()
                .filter(e -> e.getLong("goid") == goids[1]).findFirst().orElseThrow();
        assertThat(lost.getInt("p")).isBetween(0, 1);
        assertThat(lost.getLong("m")).isNotNegative();
        assertThat(lost.getDuration("syscallDuration")).isBetween(Duration.ZERO, Duration.ofSeconds(20));
    }

    /** Runs without yielding (only polling for preemption) until sysmon's request makes this goroutine yield. */
    private static void spinUntilPreempted(LongAdder preempts) {
        long before = preempts.sum();
        long t0 = System.nanoTime();
        while (preempts.sum() == before) {
            Go.checkPreempt();
            if (System.nanoTime() - t0 > DEADLINE_NANOS) {
                throw new AssertionError("sysmon did not preempt a goroutine that ran 20 s");
            }
        }
    }

    /** Sits in system calls of 20 ms until sysmon has retaken a P from one. */
    private static void blockInSyscallUntilRetaken(LongAdder retakes) {
        long before = retakes.sum();
        long t0 = System.nanoTime();
        while (retakes.sum() == before) {
            try {
                Go.syscall(() -> {
                    Thread.sleep(20);
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (System.nanoTime() - t0 > DEADLINE_NANOS) {
                throw new AssertionError("sysmon retook no P from system calls of 20 ms for 20 s");
            }
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        List<RecordedEvent> out = events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        assertThat(out).as("events %s", name).isNotEmpty();
        return out;
    }

}
