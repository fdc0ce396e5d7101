package io.github.gort.bench.jmh;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Futures;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Select;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Channel hand-off inside a running gort runtime: an unbuffered ping-pong round trip (direct handoff to a parked
 * receiver plus runnext), the same round trip with the echo side in a two-case {@code select} (Go's
 * {@code TestPingPongHog} loop: {@code select { case <-done: case <-wake: }} then {@code wake <- true}), and one item
 * through a buffered channel of capacity 128 (producer/consumer). Peers: go/pingpong and go/chanbuffered.
 *
 * <p>The select round trip comes in two forms: {@code selectRoundTrip} reuses one {@link Select} (a description
 * built once), {@code selectRoundTripFresh} builds a new one per round, as a Go {@code for { select {...} }} loop
 * written with the builder would. Each should cost about a plain round trip.
 *
 * <p>JMH's thread is not a goroutine, so the runtime's main goroutine serves jobs: it waits for the next job with
 * {@code Futures.await} (parking, not blocking its M), runs a batch of {@link #BATCH} operations, and completes
 * the job's future. The per-batch bridge cost is well under 1% of a batch.
 *
 * <p>Run: {@code java -jar gort-bench/target/benchmarks.jar ChanBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class ChanBenchmark {
    static final int BATCH = 20_000;
    private static final int PING_PONG = 1;
    private static final int BUFFERED = 2;
    private static final int STOP = 3;
    private static final int SELECT = 4;
    private static final int SELECT_FRESH = 5;

    @Param({"1", "2"})
    public int procs;

    private Thread runner;
    private CompletableFuture<Job> tail = new CompletableFuture<>();

    /** A batch for the main goroutine, and the future to wait on for the one after it. */
    private static final class Job {
        final int kind;
        final CompletableFuture<Job> next = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Job(int kind) {
            this.kind = kind;
        }
    }

    @Setup(Level.Trial)
    public void start() {
        CompletableFuture<Job> first = tail;
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(procs));
        runner = new Thread(() -> rt.run(() -> serve(first)), "chan-benchmark-runtime");
        runner.start();
    }

    private static void serve(CompletableFuture<Job> first) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Go.go(() -> {
            for (Integer v : ping) {
                pong.send(v);
            }
        });
        Chan<Integer> items = Chan.make(128);
        Chan<Integer> consumed = Chan.make();
        Go.go(() -> {
            int n = 0;
            for (Integer v : items) {
                if (++n == BATCH) {
                    consumed.send(n);
                    n = 0;
                }
            }
        });
        Chan<Integer> selPing = Chan.make();
        Chan<Integer> selPong = Chan.make();
        Chan<Integer> selDone = Chan.make();                // never closed: the case that is never ready
        Go.go(() -> echoBySelect(selDone, selPing, selPong));
        Chan<Integer> freshPing = Chan.make();
        Chan<Integer> freshPong = Chan.make();
        Go.go(() -> echoByFreshSelect(selDone, freshPing, freshPong));
        Integer token = 7;
        CompletableFuture<Job> cur = first;
        while (true) {
            Job j = Futures.await(cur);
            if (j.kind == STOP) {
                j.done.complete(null);
                return;
            }
            if (j.kind == PING_PONG) {
                for (int i = 0; i < BATCH; i++) {
                    ping.send(token);
                    pong.recv();
                }
            } else if (j.kind == SELECT) {
                for (int i = 0; i < BATCH; i++) {
                    selPing.send(token);
                    selPong.recv();
                }
            } else if (j.kind == SELECT_FRESH) {
                for (int i = 0; i < BATCH; i++) {
                    freshPing.send(token);
                    freshPong.recv();
                }
            } else {
                for (int i = 0; i < BATCH; i++) {
                    items.send(token);
                }
                consumed.recv();
            }
            j.done.complete(null);
            cur = j.next;
        }
    }

    /** Echoes ping to pong through one reused two-case select; the runtime ends with the benchmark. */
    private static void echoBySelect(Chan<Integer> done, Chan<Integer> ping, Chan<Integer> pong) {
        Integer[] got = new Integer[1];
        Select sel = Select.of().recv(done).recv(ping, v -> got[0] = v);
        while (true) {
            sel.run();
            pong.send(got[0]);
        }
    }

    /** The same with a select built anew each round. */
    private static void echoByFreshSelect(Chan<Integer> done, Chan<Integer> ping, Chan<Integer> pong) {
        Integer[] got = new Integer[1];
        while (true) {
            Select.of().recv(done).recv(ping, v -> got[0] = v).run();
            pong.send(got[0]);
        }
    }

    private void submit(int kind) {
        Job j = new Job(kind);
        tail.complete(j);
        tail = j.next;
        j.done.join();
    }

    /** One unbuffered round trip: send to a parked receiver (direct handoff), receive its reply. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pingPongRoundTrip() {
        submit(PING_PONG);
    }

    /** One round trip whose echo side waits in a two-case select (reused): send, select-receive, send back. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void selectRoundTrip() {
        submit(SELECT);
    }

    /** As selectRoundTrip, with a new Select built for every round. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void selectRoundTripFresh() {
        submit(SELECT_FRESH);
    }

    /** One item from producer to consumer through a channel of capacity 128. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bufferedItem() {
        submit(BUFFERED);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        submit(STOP);
        runner.join(10_000);
    }
}
