package io.github.gort.cli;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.diagnosis.DisposeLog;
import io.github.gort.diagnosis.Issue11640Windows;
import io.github.gort.diagnosis.SyscallOrder;
import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.HeapStats;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.Shape;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.cli.trace.SyscallRace;
import io.github.gort.trace.TraceEvent;
import io.github.gort.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gort repro 11640 [--order legacy|fixed] [--seconds N]}: golang/go#11640 end to end. Mutator goroutines
 * write pointers (during mark the write barrier fills their P's gcWork), start short goroutines that allocate and
 * assist the GC (so the P's run queue is not empty and the next owner of the P uses its gcWork), and enter short
 * system calls, while GC cycles run back to back and gcMarkDone disposes every P's gcWork with forEachP.
 *
 * <p>With {@code --order legacy} an M runs the safe-point function after publishing {@code _Psyscall}; the P is
 * handed to another M meanwhile, and both use its gcWork: a workbuf ends up on a list with a count that contradicts
 * it, and the always-on assertion (checknonempty/checkempty) reports it. Exit 1. With {@code --order fixed} the same
 * cycles run clean for N seconds. Exit 0. The windows are widened by bounded spins at two pause points that only
 * the legacy path reaches ({@link Issue11640Windows}); the workbuf capacity is 4 so buffers move often.
 */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = "Reproduce a runtime bug end to end. Known: 11640 (safe-point function run after entering"
                + " _Psyscall corrupts the GC work lists).")
final class ReproCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<issue>", description = "The golang/go issue number: 11640.")
    String issue;

    @Option(names = "--order", defaultValue = "fixed", paramLabel = "legacy|fixed",
            description = "Where entersyscall runs a pending safe-point function: fixed (Go's order, default) or"
                    + " legacy (after publishing _Psyscall, as before the fix).")
    String order;

    @Option(names = "--flight-recorder", defaultValue = "gort-11640.trace", paramLabel = "FILE",
            description = "Where the flight recorder writes the last trace events when the run fails"
                    + " (default: ${DEFAULT-VALUE}); draw them with: gort trace FILE.")
    Path flightRecording;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "N",
            description = "How long to run (legacy: the time limit for reaching the failure). Default 20.")
    int seconds;

    @Option(names = "--procs", defaultValue = "2", paramLabel = "N", description = "GOMAXPROCS. Default 2.")
    int procs;

    @Option(names = "--mutators", defaultValue = "4", paramLabel = "N", description = "Mutator goroutines. Default 4.")
    int mutators;

    private final LongAdder pointerWrites = new LongAdder();
    private final LongAdder helpers = new LongAdder();
    private volatile boolean stop;

    @Override
    public Integer call() {
        if (!"11640".equals(issue)) {
            throw new IllegalArgumentException("repro: unknown issue '" + issue + "'; known: 11640");
        }
        SyscallOrder syscallOrder = switch (order) {
            case "legacy" -> SyscallOrder.LEGACY_UNSAFE;
            case "fixed" -> SyscallOrder.FIXED;
            default -> throw new IllegalArgumentException("repro: --order must be legacy or fixed, got '" + order + "'");
        };
        if (seconds < 1 || procs < 2 || mutators < 1) {
            throw new IllegalArgumentException("repro: --seconds and --mutators must be at least 1 and --procs at"
                    + " least 2 (a P must be handed to another M)");
        }
        Config config = Config.fromEnvironment().gomaxprocs(procs).printPanics(false)
                .shutdownTimeout(Duration.ofSeconds(2));
        GoRuntime rt = new GoRuntime(config).flightRecorder(flightRecording);
        Diagnosis.syscallOrder(rt, syscallOrder);
        Heap heap = Heap.install(rt, HeapConfig.defaults().limitBytes(256L << 20).minHeapBytes(1L << 20)
                .workbufCapacity(4).assistBytes(512));
        DisposeLog log = Diagnosis.recordDisposals(heap);
        Issue11640Windows.install(rt, heap);
        System.out.printf("gort repro 11640: order=%s GOMAXPROCS=%d mutators=%d seconds=%d goroutines=%s"
                + " (workbuf capacity 4)%n", order, procs, mutators, seconds, config.goroutineMode().godebugValue());
        long t0 = System.nanoTime();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                rt.run(this::main);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "gort-repro");
        runner.setDaemon(true);
        runner.start();
        boolean ended = join(runner, seconds + 15L);
        double took = (System.nanoTime() - t0) / 1e9;
        RuntimeStats rs = rt.stats();
        HeapStats hs = heap.stats();
        String counts = String.format("GC cycles %d, forEachP rounds %d (gcMarkDone %d), system calls %,d, workbufs"
                        + " moved by forEachP %,d, pointer writes %,d, helper goroutines %,d, longest STW pause %.3f ms",
                hs.gcCycles(), rs.forEachPRounds(), hs.forEachPRounds(), rs.syscalls(), hs.workbufsMoved(),
                pointerWrites.sum(), helpers.sum(), hs.maxPauseNanos() / 1e6);
        if (!ended) {
            System.out.printf("repro 11640: the runtime did not stop within %d s after the run (a hang: corrupted"
                    + " scheduler or GC state?)%n%s%n", seconds + 15, counts);
            return 1;
        }
        Throwable failure = outcome.get();
        WorkbufListViolation v = Diagnosis.workbufViolation(failure);
        if (v != null) {
            System.out.printf("%nfatal error: %s%n%n", v.getMessage());
            System.out.printf("golang/go#11640 reproduced after %.1f s (order=%s):%n  last disposal of this buffer: %s%n"
                            + "  last disposal by an M that did not own the P: %s%n  the violation was detected by %s%n"
                            + "  %s%n", took, order, log.describe(v.workbuf()), log.lastForeignDisposal(),
                    thrower(failure), counts);
            printInterleaving();
            return 1;
        }
        if (failure != null) {
            System.out.printf("%nrepro 11640 (order=%s) stopped after %.1f s with another failure: %s%n"
                            + "  last disposal by an M that did not own the P: %s%n%s%n", order, took,
                    failure instanceof GoPanic p ? p.getCause() : failure, log.lastForeignDisposal(), counts);
            if (failure instanceof GoPanic p && p.getCause() != null) {
                p.getCause().printStackTrace(System.out);
            }
            return 1;
        }
        System.out.printf("repro 11640: order=%s ran %.1f s clean: %s%n", order, took, counts);
        return 0;
    }

    /** The flight recording's account of the failure: the last system call inside which its M disposed the P's gcWork. */
    private void printInterleaving() {
        if (!Files.exists(flightRecording)) {
            System.out.printf("  (no flight recording at %s)%n", flightRecording);
            return;
        }
        List<TraceEvent> events;
        try {
            events = TraceReader.read(flightRecording);
        } catch (IOException e) {
            System.out.printf("  the flight recording cannot be read: %s%n", e.getMessage());
            return;
        }
        Optional<SyscallRace.Interleaving> race = SyscallRace.findLast(events);
        if (race.isEmpty()) {
            System.out.printf("  the flight recording (%,d events, %s) holds no gcWork dispose inside a system call"
                    + " (its ring may have lost it)%n", events.size(), flightRecording);
            return;
        }
        SyscallRace.Interleaving r = race.get();
        System.out.printf("%nthe flight recording (%s, %,d events) ends with this interleaving on P%d:%n",
                flightRecording, events.size(), r.p());
        List<TraceEvent> w = r.window();
        long origin = w.get(0).nanos();
        int d = w.indexOf(r.dispose());
        int skipped = 0;
        for (int i = 0; i < w.size(); i++) {
            boolean shown = i < 3 || Math.abs(i - d) <= 2 || i >= w.size() - 2;   // the entry, the dispose, the exit
            if (!shown) {
                skipped++;
                continue;
            }
            if (skipped > 0) {
                System.out.printf("  ... %,d more events ...%n", skipped);
                skipped = 0;
            }
            System.out.println("  " + SyscallRace.line(w.get(i), origin) + (i == d ? "   <- the late dispose" : ""));
        }
        String entered = r.enter().isPresent() ? "published _Psyscall for P" + r.p() + " (SYSCALL_ENTER)"
                : "was in a system call from before the recording's start (its SYSCALL_EXIT follows)";
        TraceEvent firstForeign = r.foreign().isEmpty() ? null : r.foreign().get(0);
        System.out.printf("M%d %s, then disposed P%d's gcWork at %+.3f us, on a P it no longer owned; %s (draw it:"
                        + " ./gort trace %s)%n", r.m(), entered, r.p(), (r.dispose().nanos() - origin) / 1e3,
                firstForeign == null ? "no other M touched P" + r.p() + " before it was back"
                        : r.foreign().size() + " event(s) of others on P" + r.p() + " came before M" + r.m()
                        + " was back, the first " + firstForeign.kind() + " by "
                        + (firstForeign.m() < 0 ? "sysmon" : "M" + firstForeign.m()),
                flightRecording);
    }

    private void main() {
        Heap heap = Heap.current();
        Shape node = heap.shape(2, 1);
        Shape table = heap.shape(256, 0);
        io.github.gort.sync.WaitGroup wg = new io.github.gort.sync.WaitGroup();
        wg.add(mutators);
        for (int i = 0; i < mutators; i++) {
            Go.go(() -> {
                try {
                    mutator(heap, node, table);
                } finally {
                    wg.done();
                }
            });
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Go.blockingSyscall(() -> {
                    Thread.sleep(20);
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        stop = true;
        wg.await();
    }

    /** Pointer writes into a rooted table of old objects, a helper goroutine, then a short system call. */
    private void mutator(Heap heap, Shape node, Shape table) {
        try (Mutator mu = heap.mutator()) {
            long tab = mu.alloc(table);
            mu.push(tab);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 256; i++) {
                mu.setPtr(tab, i, mu.alloc(node));
            }
            while (!stop) {
                for (int k = 0; k < 32; k++) {
                    int i = r.nextInt(256);
                    int j = r.nextInt(256);
                    long a = mu.alloc(node);
                    long old = mu.get(tab, j);
                    mu.setPtr(a, 0, old);                           // an old, maybe still white, object
                    mu.setPtr(old, 0, 0);                           // chains stay short: the live set is bounded
                    mu.setPtr(tab, i, a);
                    pointerWrites.add(3);
                }
                helpers.increment();
                Go.go(() -> helper(heap, node));                    // queued on this P: handoffp passes the P on
                try {
                    // A short call (5 µs): Go.syscall hands the P off at once after a call that lost its P, until a
                    // call shorter than 20 µs clears that mark; short calls keep most entries on the _Psyscall path.
                    Go.syscall(() -> {
                        long until = System.nanoTime() + 5_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Allocates (assisting the GC from its P's gcWork during mark) and writes pointers. */
    private void helper(Heap heap, Shape node) {
        try (Mutator mu = heap.mutator()) {
            long prev = 0;
            int base = mu.depth();
            for (int i = 0; i < 64; i++) {
                long a = mu.alloc(node);
                mu.setPtr(a, 0, prev);
                prev = a;
                mu.popTo(base);
                mu.push(prev);
            }
        }
    }

    private static String thrower(Throwable failure) {
        if (failure instanceof GoPanic p) {
            return "goroutine " + p.goid() + " (using the P's gcWork after the handoff)";
        }
        return failure instanceof FatalError ? "the runtime (an M or the GC)" : String.valueOf(failure);
    }

    private static boolean join(Thread t, long seconds) {
        try {
            t.join(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
