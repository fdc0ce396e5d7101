package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The two routes by which another thread takes a P out of {@code _Psyscall}, step by step on a thread-less
 * runtime (no sysmon thread, no timing): forEachP's CAS (Go: forEachPInternal, "Force Ps currently in _Psyscall
 * into _Pidle and hand them off") and sysmon's retake. Each would otherwise hide behind the other: forEachP still
 * finishes when only sysmon takes syscall Ps, and a stress test passes with retakes=0.
 */
class SyscallTakeoverTest {
    /** Ps 0 and 1 running; M1 (on P1) enters a system call; one idle M. */
    private static ModelWorld m1InSyscall() {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 1);
        enterSyscall(w);
        assertThat(w.ps[1].statusVolatile()).isEqualTo(PStatus.SYSCALL);
        return w;
    }

    /** M1 enters a system call on P1, which has run goroutines and system calls before (ticks not at zero). */
    private static void enterSyscall(ModelWorld w) {
        M m1 = w.ms[1];
        P p1 = w.ps[1];
        p1.schedtick++;
        p1.syscalltick++;
        w.becomeM(m1);
        w.sched.syscall.reentersyscall(m1, m1.curg);
    }

    @Test
    void forEachPTakesAPInASystemCallAndItsFunctionRunsOnce() {
        ModelWorld w = m1InSyscall();
        P p1 = w.ps[1];
        int tick = p1.syscalltick;
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        M c = w.ms[0];
        w.becomeM(c);
        boolean wait = w.sched.safePoint.forEachPBegin(c, pp -> ran.incrementAndGet(pp.id));
        assertThat(p1.statusVolatile()).as("P1 taken out of _Psyscall by forEachP's CAS").isNotEqualTo(PStatus.SYSCALL);
        assertThat(p1.syscalltick).as("syscalltick bumped by the CAS winner").isEqualTo(tick + 1);
        assertThat(ran.get(0)).as("fn on the caller's own P").isEqualTo(1);
        // handoffp gave P1 to the idle M (no idle P, nobody spinning: it becomes the spinner); it runs fn first.
        M m2 = w.ms[2];
        P got = w.wake(m2);
        assertThat(got).as("P1 handed to the idle M").isSameAs(p1);
        assertThat(wait).as("forEachP still waits for P1's new owner").isTrue();
        w.sched.safePoint.runSafePointFn(m2, p1);
        assertThat(ran.get(1)).as("fn on P1, once, by its new owner").isEqualTo(1);
        assertThat(w.sched.safePointWait).isZero();
        // M1 returns from its call: its P is gone, so the fast path must not win it back.
        M m1 = w.ms[1];
        w.becomeM(m1);
        assertThat(w.sched.syscall.exitsyscallFastPath(m1, m1.curg)).as("M1's exitsyscall fast path").isFalse();
    }

    /**
     * handoffp's safe-point branch (Go: handoffp, "if pp.runSafePointFn != 0"): with an idle P about, nobody needs
     * a new spinner, so the P that forEachP took out of the system call goes idle, and handoffp must run its
     * pending function first, as its owner. Without that, it would sit idle with the function pending and
     * forEachP would wait for ever.
     */
    @Test
    void aPHandedOffToTheIdleListRunsItsPendingFunctionFirst() {
        ModelWorld w = new ModelWorld(Config.defaults(), 3, 0);
        w.releaseToIdle(w.ms[2]);
        enterSyscall(w);
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        M c = w.ms[0];
        w.becomeM(c);
        w.sched.safePoint.forEachPBegin(c, pp -> ran.incrementAndGet(pp.id));
        P p1 = w.ps[1];
        assertThat(ran.get(2)).as("fn on the idle P2, by the caller").isEqualTo(1);
        assertThat(ran.get(1)).as("fn on P1, run by handoffp before P1 went idle").isEqualTo(1);
        assertThat(p1.statusVolatile()).isEqualTo(PStatus.IDLE);
        assertThat(p1.runSafePointFnVolatile()).isZero();
        assertThat(w.sched.safePointWait).as("every P has run fn").isZero();
    }

    @Test
    void sysmonRetakesAPThatStaysInASystemCall() {
        ModelWorld w = m1InSyscall();
        P p1 = w.ps[1];
        long now = System.nanoTime();
        assertThat(w.sched.sysmon.retake(now)).as("first look: sysmon records the syscall tick").isZero();
        assertThat(p1.statusVolatile()).isEqualTo(PStatus.SYSCALL);
        assertThat(w.sched.sysmon.retake(now + 1)).as("same tick one sysmon round later, no idle P").isEqualTo(1);
        assertThat(p1.statusVolatile()).isNotEqualTo(PStatus.SYSCALL);
        assertThat(w.sched.stats.retakes.sum()).isEqualTo(1);
        assertThat(w.ms[2].nextp).as("handoffp passed P1 to the idle M").isSameAs(p1);
    }

    @Test
    void sysmonLeavesAYoungSyscallAloneWhileAnotherPIsIdle() {
        ModelWorld w = new ModelWorld(Config.defaults(), 2, 1);
        // P0 goes idle, so there is somebody (an idle P) to pick up new work.
        w.releaseToIdle(w.ms[0]);
        enterSyscall(w);
        long now = System.nanoTime();
        assertThat(w.sched.sysmon.retake(now)).as("first look").isZero();
        assertThat(w.sched.sysmon.retake(now + 1)).as("empty run queue, an idle P, under 10 ms").isZero();
        assertThat(w.sched.sysmon.retake(now + Sysmon.FORCE_PREEMPT_NANOS + 1)).as("after 10 ms").isEqualTo(1);
    }
}
