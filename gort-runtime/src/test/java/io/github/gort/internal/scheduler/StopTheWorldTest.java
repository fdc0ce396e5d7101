package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * stopTheWorldWithSema's two ways of getting a P that is in a system call (Go: proc.go stopTheWorldWithSema and
 * entersyscall_gcwait), on a thread-less runtime with real threads playing the Ms and no sysmon, so that nothing
 * else would ever hand the stopper the P: each would otherwise hide behind sysmon's retake.
 */
class StopTheWorldTest {
    private static final long TIMEOUT_S = 60;

    @Test
    void theStopperTakesAPAlreadyInASystemCall() throws Exception {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 1);
        M m1 = w.ms[1];
        w.becomeM(m1);
        w.sched.syscall.reentersyscall(m1, m1.curg);
        P p1 = w.ps[1];
        int tick = p1.syscalltick;
        onThread("stopper", () -> {
            w.becomeM(w.ms[0]);
            w.sched.world.stopTheWorldWithSema(w.ms[0]);
        });
        assertThat(p1.statusVolatile()).isEqualTo(PStatus.GCSTOP);
        assertThat(p1.syscalltick).as("syscalltick bumped by the CAS winner").isEqualTo(tick + 1);
        assertThat(w.sched.stopwait).isZero();
        assertThat(w.sched.world.timeToSafePoint().rounds()).isEqualTo(1);
        assertThat(w.sched.world.timeToSafePoint().last()).as("taken in the stopper's own pass: no holdout").isNull();
        restart(w);
        M m1Again = w.ms[1];
        w.becomeM(m1Again);
        // P1 went to the stopper, and at the restart to a spinner (wakep handed it to the idle M2): M1 returning
        // from its call finds neither its old P nor an idle one.
        assertThat(w.ms[2].nextp).isSameAs(p1);
        assertThat(w.sched.syscall.exitsyscallFastPath(m1Again, m1Again.curg)).as("M1's exitsyscall fast path").isFalse();
    }

    @Test
    void anMEnteringASystemCallGivesItsPToAWaitingStopper() throws Exception {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 1);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                w.becomeM(w.ms[0]);
                stopping.countDown();
                w.sched.world.stopTheWorldWithSema(w.ms[0]);   // waits for P1, which is running
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "stopper");
        stopper.start();
        assertThat(stopping.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        while (!w.sched.gcwaiting && stopper.isAlive()) {
            Thread.onSpinWait();
        }
        M m1 = w.ms[1];
        w.becomeM(m1);
        long goid = m1.curg.goid;
        w.sched.syscall.reentersyscall(m1, m1.curg);          // sees gcwaiting: entersyscall_gcwait
        stopper.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        assertThat(stopper.isAlive()).as("the stopper was handed P1 and woken").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(w.ps[1].statusVolatile()).isEqualTo(PStatus.GCSTOP);
        // P1 stopped after the stopper's pass (which held sched.lock until it began to wait): its G held out.
        assertThat(w.sched.world.timeToSafePoint().last().goid()).as("the holdout").isEqualTo(goid);
        restart(w);
    }

    /**
     * handoffp's stop-the-world branch (Go: handoffp, "if sched.gcwaiting"): a P handed off during the stop goes to
     * the stopper, and when it is the last one in it wakes the stopper. P1's M enters a blocking call
     * (entersyscallblock hands its P off at once) while another M spins without a P (between releasing its P and
     * dropping the spinning state), so handoffp needs no new spinner and reaches that branch.
     */
    @Test
    void aPHandedOffDuringTheStopIsTheLastOneIn() throws Exception {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 0);
        M spinner = new M(w.sched, 9);
        spinner.spinning = true;
        w.sched.nmspinning.incrementAndGet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                w.becomeM(w.ms[0]);
                w.sched.world.stopTheWorldWithSema(w.ms[0]);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "stopper");
        stopper.start();
        while (!w.sched.gcwaiting && stopper.isAlive()) {
            Thread.onSpinWait();
        }
        M m1 = w.ms[1];
        w.becomeM(m1);
        w.sched.syscall.entersyscallblock(m1, m1.curg);        // handoffp(P1) with gcwaiting: the last P in
        stopper.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        assertThat(stopper.isAlive()).as("the stopper was woken by the last P in").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(w.ps[1].statusVolatile()).isEqualTo(PStatus.GCSTOP);
        assertThat(w.sched.stopwait).isZero();
        restart(w);
    }

    /**
     * A runtime that ends while a goroutine is stopping the world: the stopper gives up its wait, and its M ends
     * owning a P in {@code _Pgcstop}. mexit lets go of that P, so the ended runtime's invariants hold (found by
     * HeapReachabilityTest in CI, where heap exhaustion ended the runtime during a GC's stop). Main holds its P in
     * a loop without a safe point, so the stop cannot finish before main panics.
     */
    @Test
    void aRuntimeEndingDuringAStopTheWorldLeavesNoPOwned() {
        AtomicBoolean stopping = new AtomicBoolean();
        Throwable outcome = TestRuntimes.failure(Config.defaults().gomaxprocs(2), () -> {
            Go.go(() -> {
                stopping.set(true);
                Diagnosis.stopTheWorld("test: exit during the stop");
                Diagnosis.startTheWorld();
            });
            while (!stopping.get()) {
                Thread.onSpinWait();
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();                             // no safe point: the stopper waits for this P
            }
            throw new IllegalStateException("main panics while the world is being stopped");
        });
        assertThat(outcome).isInstanceOf(GoPanic.class).hasRootCauseMessage("main panics while the world is being stopped");
    }

    /**
     * The race behind the test above, made certain (it failed CI once as "P0 is _Pidle but p.m=m0"): the runtime
     * is exiting while M0 stops the world and M1 still runs on P1. The stop gives up with P1 running; restarting
     * the world must then leave P1 to its owner, so that after both Ms end no P is idle with an owner.
     */
    @Test
    void aStopCutShortByTheExitIsNotRestartedUnderTheRunningMs() throws Exception {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 0);
        w.sched.exit.exiting = true;
        onThread("stopper", () -> {
            w.becomeM(w.ms[0]);
            w.sched.world.stopTheWorldWithSema(w.ms[0]);   // P1 never stops: gives up on the exit
            w.sched.world.startTheWorldWithSema(w.ms[0]);
        });
        assertThat(w.ps[1].statusVolatile()).as("P1, still running its G").isEqualTo(PStatus.RUNNING);
        assertThat(w.ps[1].m).isSameAs(w.ms[1]);
        assertThat(w.sched.world.timeToSafePoint().rounds()).as("a stop cut short records no round").isZero();
        for (M mp : w.ms) {
            w.becomeM(mp);
            w.sched.exit.mexit(mp);
        }
        SchedInvariants.check(w.sched);
    }

    private static void restart(ModelWorld w) throws Exception {
        onThread("starter", () -> {
            w.becomeM(w.ms[0]);
            w.sched.world.startTheWorldWithSema(w.ms[0]);
        });
        assertThat(w.ps[0].statusVolatile()).isEqualTo(PStatus.RUNNING);
        assertThat(w.ps[0].m).isSameAs(w.ms[0]);
    }

    /** Runs body on a thread of its own, failing (not hanging) if it does not finish in time. */
    private static void onThread(String name, Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        assertThat(t.isAlive()).as(name + " finished within " + TIMEOUT_S + " s").isFalse();
        if (failure.get() != null) {
            throw new AssertionError(name + " failed", failure.get());
        }
    }
}
