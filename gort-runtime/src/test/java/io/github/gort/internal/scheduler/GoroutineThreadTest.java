package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.RuntimeStats;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The virtual-thread mode's own rules (GoroutineThread): a G struct's thread hosts one goroutine after another
 * and forgets each; a goroutine the JDK parked is not a deadlock; the JDK's wake-up goes through gort's queues;
 * a gort switch on a pinned thread is a named fatal error, as in the continuation mode.
 */
class GoroutineThreadTest {
    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();

    /**
     * At GOMAXPROCS=1 a goroutine that ends leaves its G struct, thread included, on the P's free list, and the next
     * go statement takes it back: the same Thread, with no ThreadLocal and no interrupt status of the one before.
     */
    @Test
    void aReusedThreadForgetsTheGoroutineBefore() {
        List<Thread> threads = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<Boolean> interrupted = new ArrayList<>();
        TestRuntimes.run(Config.defaults().gomaxprocs(1), () -> {
            for (int i = 0; i < 20; i++) {
                Chan<Boolean> done = Chan.make();
                int n = i;
                Go.go(() -> {
                    threads.add(Thread.currentThread());
                    seen.add(LOCAL.get());
                    interrupted.add(Thread.currentThread().isInterrupted());
                    LOCAL.set("goroutine " + n);
                    Thread.currentThread().interrupt();
                    done.send(true);
                });
                done.recv();
                Go.gosched();                                // let it finish and free its G
            }
        });
        assertThat(threads).hasSize(20);
        assertThat(threads.stream().distinct().count()).as("distinct threads over 20 sequential goroutines")
                .isLessThan(20);                             // structs (and their threads) were reused
        assertThat(seen).as("ThreadLocal seen by each goroutine at its start").containsOnlyNulls();
        assertThat(interrupted).as("interrupt status at each goroutine's start").containsOnly(false);
    }

    /**
     * Goroutines queued behind one another on a P: each that ends hands its thread to the next, which has not
     * started (goexitHandoff). Every goroutine runs exactly once, with its own goid and no ThreadLocal of the one
     * before, and a handful of threads serve them all. The second wave reuses the first wave's G structs, some
     * with an idle thread parked in goexit, which the hand-off swaps onto the dead struct.
     */
    @Test
    void aGoroutineThatEndsHandsItsThreadToTheNextNewOne() {
        int n = 200;
        java.util.Set<Long> goids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger inherited = new AtomicInteger();
        RuntimeStatsHolder stats = new RuntimeStatsHolder();
        TestRuntimes.withRuntime(Config.defaults().gomaxprocs(1), rt -> {
            for (int wave = 0; wave < 2; wave++) {
                io.github.gort.sync.WaitGroup wg = new io.github.gort.sync.WaitGroup();
                wg.add(n);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        if (LOCAL.get() != null) {
                            inherited.incrementAndGet();
                        }
                        LOCAL.set("goroutine " + Go.goid());
                        goids.add(Go.goid());
                        threads.add(Thread.currentThread());
                        ran.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();                                  // main parks: the queued goroutines run one by one
            }
            stats.value = rt.stats();
        });
        assertThat(ran).hasValue(2 * n);
        assertThat(goids).hasSize(2 * n);
        assertThat(inherited).as("goroutines that saw the ThreadLocal of the one before").hasValue(0);
        assertThat(threads.size()).as("threads that served %d goroutines", 2 * n).isLessThanOrEqualTo(3);
        assertThat(stats.value.goroutinesExited()).isEqualTo(2 * n);
    }

    /**
     * A goroutine in Thread.sleep is parked by the JDK, not by gort: gort cannot see who wakes it, so the program is
     * not "all goroutines are asleep" while main waits for it on a channel.
     */
    @Test
    void aGoroutineTheJdkParkedIsNotADeadlock() {
        AtomicInteger woke = new AtomicInteger();
        TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
            Chan<Integer> c = Chan.make();
            for (int i = 0; i < 4; i++) {
                Go.go(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        throw new AssertionError("interrupted", e);
                    }
                    woke.incrementAndGet();
                    c.send(1);
                });
            }
            for (int i = 0; i < 4; i++) {
                c.recv();
            }
        });
        assertThat(woke).hasValue(4);
    }

    /**
     * A lock released by one goroutine wakes the other through gort's queues: at GOMAXPROCS=1 the holder keeps the
     * lock across a gosched, so the waiter parks in the JDK many times, and each wake-up is a submit that gort
     * turns into a goready. Nothing is lost: every section runs, one at a time.
     */
    @Test
    void aJdkWakeUpComesBackThroughGortsRunQueues() {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sections = new AtomicInteger();
        RuntimeStatsHolder stats = new RuntimeStatsHolder();
        TestRuntimes.withRuntime(Config.defaults().gomaxprocs(1), rt -> {
            Chan<Boolean> done = Chan.make(4);
            for (int g = 0; g < 4; g++) {
                Go.go(() -> {
                    for (int i = 0; i < 25; i++) {
                        lock.lock();
                        try {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            Go.gosched();                    // hold the lock across a switch
                            inside.decrementAndGet();
                            sections.incrementAndGet();
                        } finally {
                            lock.unlock();
                        }
                    }
                    done.send(true);
                });
            }
            for (int g = 0; g < 4; g++) {
                done.recv();
            }
            stats.value = rt.stats();
        });
        assertThat(overlaps).hasValue(0);
        assertThat(sections).hasValue(100);
        assertThat(stats.value.goroutinesCreated()).isEqualTo(5);
    }

    /** A gort park where the thread cannot unmount is fatal, with the reason, in both modes alike. */
    @Test
    void aGortSwitchOnAPinnedThreadIsAFatalError() throws InterruptedException {
        Throwable t = TestRuntimes.failureWithin(Duration.ofSeconds(30), Config.defaults().gomaxprocs(1), () -> {
            continuationStatic("pin");                      // what a native frame on the stack does
            try {
                Go.gosched();
            } finally {
                continuationStatic("unpin");
            }
        });
        // Thrown inside the goroutine, the error ends it as any throwable does (as in the continuation mode).
        assertThat(t).isInstanceOf(GoPanic.class);
        assertThat(t.getCause()).isInstanceOf(FatalError.class)
                .hasMessage("mcall: goroutine 1 cannot yield: its virtual thread is pinned (a native frame or a"
                        + " critical section is on its stack)");
    }

    /** The JDK's own virtual threads are not goroutines: the API says so there, as on any other thread. */
    @Test
    void aJdkVirtualThreadIsNotAGoroutine() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread vt = Thread.ofVirtual().start(() -> {
            try {
                Go.gosched();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        vt.join();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called from a goroutine");
        assertThat(Go.inGoroutine()).isFalse();
    }

    /**
     * A virtual thread started inside a goroutine inherits the goroutine's scheduler from the JDK; it runs on the
     * JDK's own scheduler instead, is no goroutine, and its parks and wake-ups do not disturb the goroutine's.
     */
    @Test
    void aVirtualThreadStartedInAGoroutineRunsOnTheJdksScheduler() {
        AtomicReference<Boolean> inGoroutine = new AtomicReference<>();
        AtomicInteger slept = new AtomicInteger();
        TestRuntimes.run(Config.defaults().gomaxprocs(1), () -> {
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(Thread.ofVirtual().start(() -> {
                    inGoroutine.set(Go.inGoroutine());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    slept.incrementAndGet();
                }));
            }
            for (Thread t : started) {
                try {
                    assertThat(t.join(Duration.ofSeconds(30))).as("the started virtual thread ended").isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThat(inGoroutine.get()).isFalse();
        assertThat(slept).hasValue(3);
    }

    /**
     * A goroutine that has stopped the world and then waits for a JDK lock (the tracer's queues in Trace.start and
     * Trace.stop, a stream's lock) keeps its M until the lock is free: its P is _Pgcstop and no other goroutine may
     * run. Its M used to let it go as a parked goroutine and look for work on the stopped P, and die there in
     * releasep (TraceTest in CI). The lock's holder, a plain thread, lets go only once the goroutine waits for it.
     */
    @Test
    void aJdkParkWithTheWorldStoppedKeepsItsM() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("lock holder").start(() -> {
            lock.lock();
            try {
                held.countDown();
                while (!lock.hasQueuedThreads()) {
                    Thread.onSpinWait();
                }
            } finally {
                lock.unlock();
            }
        });
        AtomicReference<M> before = new AtomicReference<>();
        AtomicReference<M> after = new AtomicReference<>();
        AtomicInteger otherPStatus = new AtomicInteger(-1);
        TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Sched sched = M.current().sched;
            M mp = sched.world.stopTheWorld(M.current(), "GoroutineThreadTest");
            before.set(mp);
            lock.lock();                                     // contended: the JDK parks the goroutine
            lock.unlock();
            after.set(M.current());
            otherPStatus.set(sched.allp()[1 - mp.p.id].statusVolatile());
            sched.world.startTheWorld(mp);
        });
        holder.join(30_000);
        assertThat(after.get()).as("the M after the JDK park, with the world stopped").isSameAs(before.get());
        assertThat(otherPStatus.get()).as("the other P while the world was stopped").isEqualTo(PStatus.GCSTOP);
    }

    /**
     * Dead G structs that move to the global free list let go of their virtual threads (Go frees the stacks of the
     * Gs on its global free list at each GC), and the JVM's GC collects those threads; the Gs left on the P's own
     * list keep theirs for the next go statements. 200 goroutines park at once, so each has a thread of its own;
     * once all have ended, 64 or fewer stay on the P's list, and the rest are on the global list, threadless.
     */
    @Test
    void theGlobalFreeListKeepsNoThreadsAndTheirThreadsAreCollected() {
        int n = 200;
        List<java.lang.ref.WeakReference<Thread>> threads = new ArrayList<>();
        AtomicInteger localWithThread = new AtomicInteger(-1);
        AtomicInteger localSize = new AtomicInteger(-1);
        AtomicInteger globalSize = new AtomicInteger(-1);
        AtomicInteger globalWithThread = new AtomicInteger(-1);
        AtomicInteger collected = new AtomicInteger(-1);
        TestRuntimes.run(Config.defaults().gomaxprocs(1), () -> {
            Chan<Boolean> release = Chan.make();
            io.github.gort.sync.WaitGroup parked = new io.github.gort.sync.WaitGroup();
            io.github.gort.sync.WaitGroup ended = new io.github.gort.sync.WaitGroup();
            parked.add(n);
            ended.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    threads.add(new java.lang.ref.WeakReference<>(Thread.currentThread()));
                    parked.done();
                    release.recv();
                    ended.done();
                });
            }
            parked.await();
            release.close();
            ended.await();
            Go.gosched();                                    // let the last of them finish and free its G
            Sched sched = M.current().sched;
            List<G> local = Sched.localFreeSnapshot(M.current().p);
            List<G> global = sched.globalFreeSnapshot();
            localSize.set(local.size());
            localWithThread.set((int) local.stream().filter(gp -> gp.thread != null).count());
            globalSize.set(global.size());
            globalWithThread.set((int) global.stream().filter(gp -> gp.thread != null).count());
            for (int i = 0; i < 10 && threads.stream().filter(r -> r.get() == null).count() < n - local.size(); i++) {
                System.gc();
            }
            collected.set((int) threads.stream().filter(r -> r.get() == null).count());
        });
        assertThat(threads).hasSize(n);
        assertThat(localSize.get()).as("dead Gs on the P's free list").isBetween(1, Sched.GFREE_LOCAL_MAX);
        assertThat(globalSize.get()).as("dead Gs on the global free list").isEqualTo(n - localSize.get());
        assertThat(globalWithThread.get()).as("Gs on the global free list with a thread").isZero();
        assertThat(localWithThread.get()).as("Gs on the P's free list with a thread").isEqualTo(localSize.get());
        assertThat(collected.get()).as("threads collected after System.gc(), of the %d the global list let go",
                globalSize.get()).isEqualTo(globalSize.get());
    }

    /** jdk.internal.vm.Continuation's static pin/unpin (exported to the class path at run time, not to javac here). */
    private static void continuationStatic(String method) {
        try {
            Class.forName("jdk.internal.vm.Continuation").getMethod(method).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static final class RuntimeStatsHolder {
        RuntimeStats value;
    }
}
