package io.github.gort.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.internal.scheduler.Tracer;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Time;
import io.github.gort.sync.WaitGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution trace, recorded through the API and read back: every goroutine's events form a legal life
 * (created, started, blocked, unblocked, in system calls, ended), nothing recorded is lost across buffers,
 * and the flight recorder leaves the last events of a run that ended in a fatal error.
 */
class TraceTest {
    private static final int WORKERS = 8;
    private static final int ROUNDS = 200;

    /** What a goroutine is doing, as its own events say. */
    private enum State { RUNNABLE, RUNNING, WAITING, SYSCALL }

    @RepeatedTest(3)
    void everyGoroutineOfATracedProgramHasALegalLife() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] workerIds = new long[WORKERS];
        GoRuntime.run(Config.defaults().gomaxprocs(2).printPanics(false), () -> {
            Trace.start(out);
            WaitGroup wg = new WaitGroup();
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            wg.add(WORKERS + 1);
            Go.go(() -> {                                    // the echo: ROUNDS receives and sends
                for (int i = 0; i < ROUNDS; i++) {
                    pong.send(ping.recv());
                }
                wg.done();
            });
            for (int w = 0; w < WORKERS; w++) {
                int k = w;
                Go.go(() -> {
                    workerIds[k] = Go.goid();
                    try {
                        Go.syscall(() -> {
                            Thread.sleep(1);
                            return null;
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    Time.sleep(Duration.ofMillis(1));
                    Go.gosched();
                    wg.done();
                });
            }
            for (int i = 0; i < ROUNDS; i++) {
                ping.send(i);
                pong.recv();
            }
            wg.await();
            try {
                Trace.stop();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));

        Map<Long, State> states = new HashMap<>();
        Map<Long, Integer> ends = new HashMap<>();
        for (TraceEvent e : events) {
            if (e.g() == 0 || !isGoroutineEvent(e.kind())) {
                continue;
            }
            State s = states.get(e.g());
            State next = switch (e.kind()) {
                case GO_CREATE -> expect(e, s, null, State.RUNNABLE);
                case GO_START -> expect(e, s, State.RUNNABLE, State.RUNNING);
                case GO_SCHED -> expect(e, s, State.RUNNING, State.RUNNABLE);
                case GO_BLOCK -> expect(e, s, State.RUNNING, State.WAITING);
                case GO_UNBLOCK -> s == State.RUNNING ? State.RUNNING            // a park cancelled at once
                        : expect(e, s, State.WAITING, State.RUNNABLE);
                case SYSCALL_ENTER -> expect(e, s, State.RUNNING, State.SYSCALL);
                case SYSCALL_EXIT -> expect(e, s, State.SYSCALL,
                        e.detail().equals("fast") ? State.RUNNING : State.RUNNABLE);
                case GO_END -> {
                    expect(e, s, State.RUNNING, State.RUNNING);
                    ends.merge(e.g(), 1, Integer::sum);
                    yield null;
                }
                default -> s;
            };
            if (next == null) {
                states.remove(e.g());
            } else {
                states.put(e.g(), next);
            }
        }
        for (long id : workerIds) {
            assertThat(ends).as("goroutine %d ends exactly once", id).containsEntry(id, 1);
            assertThat(events).as("goroutine %d", id)
                    .anyMatch(e -> e.g() == id && e.kind() == EventKind.GO_CREATE
                            && e.detail().startsWith(TraceTest.class.getName()) && e.arg() == 1)
                    .anyMatch(e -> e.g() == id && e.kind() == EventKind.SYSCALL_ENTER)
                    .anyMatch(e -> e.g() == id && e.kind() == EventKind.GO_BLOCK && e.detail().equals("sleep"))
                    .anyMatch(e -> e.g() == id && e.kind() == EventKind.GO_SCHED && e.detail().equals("gosched"));
        }
        // Main and the echo block on their channels (which side parks depends on the scheduling) and unblock
        // each other.
        assertThat(events).filteredOn(e -> e.kind() == EventKind.GO_BLOCK).extracting(TraceEvent::detail)
                .contains("sleep").containsAnyOf("chan receive", "chan send");
        assertThat(events).filteredOn(e -> e.kind() == EventKind.GO_UNBLOCK && e.arg() == 1).isNotEmpty();
        assertThat(events).anyMatch(e -> e.kind() == EventKind.PROC_START && e.p() >= 0 && e.m() >= 0);
        assertThat(events).anyMatch(e -> e.kind() == EventKind.STW_START && e.detail().equals("trace stop"));
        assertThat(events).extracting(TraceEvent::nanos).isSorted();
    }

    private static boolean isGoroutineEvent(EventKind k) {
        return Set.of(EventKind.GO_CREATE, EventKind.GO_START, EventKind.GO_SCHED, EventKind.GO_BLOCK,
                EventKind.GO_UNBLOCK, EventKind.GO_END, EventKind.SYSCALL_ENTER, EventKind.SYSCALL_EXIT).contains(k);
    }

    /** The goroutine of e must be in state want (null: unknown, not created yet); returns then. */
    private static State expect(TraceEvent e, State have, State want, State then) {
        assertThat(have).as("goroutine %d before %s at %d ns (%s)", e.g(), e.kind(), e.nanos(), e).isEqualTo(want);
        return then;
    }

    /**
     * Many short goroutines at two Ps: many full buffers handed to the writer while goroutines end in goexit's
     * hand-off, and no event lost: every goroutine created once and ended once.
     */
    @Test
    void aTraceOfManyShortGoroutinesLosesNoneAndEndsEach() throws IOException {
        int n = 10_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoRuntime.run(Config.defaults().gomaxprocs(2).printPanics(false), () -> {
            Trace.start(out);
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(wg::done);
            }
            wg.await();
            try {
                Trace.stop();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<TraceEvent> events = TraceReader.read(new ByteArrayInputStream(out.toByteArray()));
        Map<EventKind, Long> count = new HashMap<>();
        events.forEach(e -> count.merge(e.kind(), 1L, Long::sum));
        assertThat(count.get(EventKind.GO_CREATE)).as("the main goroutine and n others").isEqualTo(n + 1L);
        assertThat(count.get(EventKind.GO_END)).as("every spawned goroutine ended").isEqualTo((long) n);
    }

    @Test
    void startTwiceAndStopWithoutStartAreClearErrors() {
        List<Throwable> errors = new ArrayList<>();
        GoRuntime.run(Config.defaults().gomaxprocs(1).printPanics(false), () -> {
            try {
                Trace.stop();
            } catch (IllegalStateException | IOException e) {
                errors.add(e);
            }
            Trace.start(new ByteArrayOutputStream());
            try {
                Trace.start(new ByteArrayOutputStream());
            } catch (IllegalStateException e) {
                errors.add(e);
            }
            try {
                Trace.stop();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(errors).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("Trace.stop: no trace is being streamed"),
                m -> assertThat(m).contains("already on").contains("Trace.stop first"));
        assertThatThrownBy(() -> Trace.start(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be called from a goroutine");
    }

    @Test
    void theFlightRecorderWritesTheLastEventsOfADeadlock(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("flight.trace");
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(2).printPanics(false)).flightRecorder(file);
        assertThatThrownBy(() -> rt.run(() -> {
            for (int i = 0; i < 50_000; i++) {               // more events than one ring holds
                Go.gosched();
            }
            Chan.<Integer>make().recv();                     // all goroutines are asleep
        })).isInstanceOf(FatalError.class);
        List<TraceEvent> events = TraceReader.read(file);
        int ring = Tracer.RING_RECORDS;
        // two P rings, the no-P ring, and the Ms' own rings (this program starts a handful of Ms)
        assertThat(events.size()).isLessThanOrEqualTo(3 * ring + 16 * Tracer.M_RING_RECORDS);
        assertThat(events).filteredOn(e -> e.kind() == EventKind.GO_SCHED).hasSizeBetween(ring / 4, 2 * ring);
        assertThat(events).filteredOn(e -> e.g() == 1).last()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKind.GO_BLOCK))
                .satisfies(e -> assertThat(e.detail()).isEqualTo("chan receive"));
    }

    @Test
    void aProgramThatEndsWellWritesNoFlightRecording(@TempDir Path dir) {
        Path file = dir.resolve("flight.trace");
        new GoRuntime(Config.defaults().gomaxprocs(1).printPanics(false)).flightRecorder(file).run(Go::gosched);
        assertThat(file).doesNotExist();
    }

    @Test
    void theReaderNamesWhatIsWrongWithAFile() {
        assertThatThrownBy(() -> TraceReader.read(new ByteArrayInputStream("hello, world".getBytes())))
                .hasMessageContaining("not a gort execution trace").hasMessageContaining("GORTTRC2");
        assertThatThrownBy(() -> TraceReader.read(new ByteArrayInputStream("GORTTRC9xxxxxxxx".getBytes())))
                .hasMessageContaining("format version 9");
        byte[] header = Arrays.copyOf("GORTTRC2".getBytes(), 9);   // the magic and epoch 0
        assertThatThrownBy(() -> TraceReader.read(new ByteArrayInputStream(header)))
                .hasMessageContaining("ends without its end record");
        byte[] unknown = Arrays.copyOf(header, 10);
        unknown[9] = (byte) 200;
        assertThatThrownBy(() -> TraceReader.read(new ByteArrayInputStream(unknown)))
                .hasMessageContaining("unknown record tag 200");
        assertThatThrownBy(() -> TraceReader.read(Path.of("/nonexistent/x.trace")))
                .hasMessageContaining("/nonexistent/x.trace");
    }

    @Test
    void aTraceOfNothingIsReadAsEmpty(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoRuntime.run(Config.defaults().gomaxprocs(1).printPanics(false), () -> {
            Trace.start(out);
            try {
                Trace.stop();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Path file = Files.write(dir.resolve("t.trace"), out.toByteArray());
        assertThat(TraceReader.read(file)).extracting(TraceEvent::kind).as("the events of a trace of nothing")
                .isSubsetOf(EventKind.GO_CREATE, EventKind.GO_START, EventKind.GO_BLOCK, EventKind.STW_START,
                        EventKind.STW_DONE, EventKind.PROC_START, EventKind.PROC_STOP);
    }
}
