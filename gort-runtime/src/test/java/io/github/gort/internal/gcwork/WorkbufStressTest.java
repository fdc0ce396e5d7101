package io.github.gort.internal.gcwork;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.scheduler.Debug;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Four threads, each the owner of its own {@link GcWork}, put, tryGet, balance and dispose over shared lists with
 * 4-slot buffers for 3,000,000 operations each (times -Dgort.stress); two mostly produce and two mostly consume. At
 * the end every
 * object put was got exactly once (ids are recorded per producer and per consumer in bitmaps, then compared),
 * buffers are conserved, and no thread saw a violation. Prints the counts (testing.md, Layer C).
 */
@Tag("stress")
class WorkbufStressTest {
    private static final int THREADS = 4;
    private static final int CAP = 4;
    /** Object ids are (producer + 1) << SHIFT | sequence, so a producer's sequence indexes a bitmap. */
    private static final int SHIFT = 40;
    private static final long MAX_PER_THREAD = 30_000_000;
    /** Producers consume instead while more objects than this are outstanding (put and not yet got). */
    private static final long MAX_OUTSTANDING = 50_000;
    /** Operations per worker (a count, not a duration: CI may share the cores); about 0.5 s idle. */
    private static final long OPS_PER_THREAD = 3_000_000;

    @Test
    void everyObjectIsGotExactlyOnceAcrossFourGcWorks() throws InterruptedException {
        int stress = TestRuntimes.stress();
        long seed = Long.getLong("gort.seed", System.nanoTime());
        long ops = OPS_PER_THREAD * stress;
        long t0 = System.nanoTime();
        WorkbufLists lists = new WorkbufLists(CAP);
        Worker[] workers = new Worker[THREADS];
        AtomicLong outstanding = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(THREADS);
        AtomicReference<Throwable> violation = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            Worker worker = new Worker(w, lists, new SplittableRandom(seed + w), outstanding);
            workers[w] = worker;
            Thread t = new Thread(() -> {
                try {
                    if (!start.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("start latch not released within 10 s");
                    }
                    worker.run(ops);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    violation.compareAndSet(null, new AssertionError("worker " + worker.id + " interrupted", e));
                } catch (Throwable e) {
                    violation.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "gort-m" + w);
            threads.add(t);
            t.start();
        }
        start.countDown();
        boolean finished = done.await(10L * stress, TimeUnit.MINUTES);       // only a hang takes this long
        long durationNanos = System.nanoTime() - t0;
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertThat(finished).as("seed %d: workers did not finish in time", seed).isTrue();
        if (violation.get() != null) {
            throw new AssertionError("seed " + seed + ": a worker failed: " + violation.get(), violation.get());
        }

        // Quiescent: every gcWork was disposed by its owner on the way out. Drain what is left on the lists.
        lists.checkConservation(0);
        String listsAtEnd = lists.describe();
        Worker drainer = new Worker(THREADS, lists, new SplittableRandom(seed), outstanding);
        for (long o = drainer.gcw.tryGet(); o != 0; o = drainer.gcw.tryGet()) {
            drainer.record(o);
        }
        drainer.gcw.dispose();
        lists.checkConservation(0);

        long puts = 0, gets = 0, duplicates = 0, missing = 0;
        for (int p = 0; p < THREADS; p++) {
            long produced = workers[p].nextSeq;
            puts += produced;
            BitSet union = new BitSet();
            long seen = 0;
            for (Worker c : workers) {
                seen += c.got[p].cardinality();
                union.or(c.got[p]);
            }
            seen += drainer.got[p].cardinality();
            union.or(drainer.got[p]);
            gets += seen;
            duplicates += seen - union.cardinality();
            missing += produced - union.cardinality();
            assertThat(union.length()).as("seed %d: producer %d: an object was got that was never put", seed, p)
                .isLessThanOrEqualTo((int) produced);
        }
        long tryGets = 0, balances = 0, disposes = 0, stolen = 0;
        for (Worker w : workers) {
            tryGets += w.tryGets;
            balances += w.balances;
            disposes += w.disposes;
            stolen += w.gotFromOthers;
        }
        System.out.printf("WorkbufStressTest: seed %d, %d threads, cap %d, %,d operations each, %.1f s: %d objects put, %d got "
                + "(%d by a thread other than their producer, %d drained at the end), %d tryGet calls, %d balances, "
                + "%d disposes; at end of run %s; duplicates %d, missing %d, violations 0%n",
            seed, THREADS, CAP, ops, durationNanos / 1e9, puts, gets, stolen, drainer.gotTotal, tryGets, balances, disposes,
            listsAtEnd, duplicates, missing);
        assertThat(duplicates).as("seed %d: objects got twice", seed).isZero();
        assertThat(missing).as("seed %d: objects lost", seed).isZero();
        assertThat(gets).isEqualTo(puts);
        assertThat(outstanding.get()).isZero();
        assertThat(puts).as("the stress test must actually move objects").isGreaterThan(100_000);
        if (Debug.CHECKS) {
            assertThat(lists.pushes(WorkbufLists.Kind.FULL)).as("buffers must move between threads").isPositive();
        }
    }

    /** One P: its gcWork, the objects it produced, and bitmaps of the objects it got, per producer. */
    private static final class Worker {
        final int id;
        final GcWork gcw;
        final SplittableRandom rnd;
        final BitSet[] got = new BitSet[THREADS];
        final AtomicLong outstanding;
        long nextSeq;
        long tryGets, balances, disposes, gotFromOthers, gotTotal;

        Worker(int id, WorkbufLists lists, SplittableRandom rnd, AtomicLong outstanding) {
            this.id = id;
            this.outstanding = outstanding;
            this.gcw = new GcWork(lists);
            this.rnd = rnd;
            for (int p = 0; p < THREADS; p++) {
                got[p] = new BitSet();
            }
        }

        void run(long ops) {
            gcw.setDebugContext("stress worker " + id);
            // Even workers mostly produce and odd ones mostly consume, so objects must move between Ps.
            int putPercent = id % 2 == 0 ? 70 : 22;
            for (long i = 0; i < ops; i++) {
                int op = rnd.nextInt(100);
                if (op < putPercent && nextSeq < MAX_PER_THREAD && outstanding.get() < MAX_OUTSTANDING) {
                    gcw.put(((long) (id + 1) << SHIFT) | nextSeq++);
                    outstanding.incrementAndGet();
                } else if (op < 96) {
                    tryGets++;
                    long o = gcw.tryGet();
                    if (o != 0) {
                        record(o);
                    }
                } else if (op < 99) {
                    balances++;
                    gcw.balance();
                } else {
                    disposes++;
                    gcw.dispose();
                }
            }
            gcw.dispose();
        }

        void record(long o) {
            int producer = (int) (o >>> SHIFT) - 1;
            long seq = o & ((1L << SHIFT) - 1);
            if (producer < 0 || producer >= THREADS || seq >= MAX_PER_THREAD) {
                throw new AssertionError("worker " + id + " got object " + o + ", which nobody put");
            }
            if (got[producer].get((int) seq)) {
                throw new AssertionError("worker " + id + " got object " + o + " twice");
            }
            got[producer].set((int) seq);
            gotTotal++;
            outstanding.decrementAndGet();
            if (producer != id) {
                gotFromOthers++;
            }
        }
    }
}
