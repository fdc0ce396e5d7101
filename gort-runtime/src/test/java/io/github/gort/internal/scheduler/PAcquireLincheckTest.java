package io.github.gort.internal.scheduler;

import io.github.gort.testing.TestRuntimes;
import io.github.gort.runtime.Config;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of P ownership over the real {@link Sched} and {@link Handoff}: Ms take idle Ps (pidleget +
 * acquirep), give them back (releasep + pidleput), and sysmon-like claimers CAS a P out of SYSCALL. A try to
 * take a P may legitimately fail under contention, so results are checked by invariants instead of values:
 * after every interleaving each P has at most one owner, {@code p.m == m <=> m.p == p}, and npidle matches the
 * idle list.
 */
public class PAcquireLincheckTest {
    private final Sched sched = new Sched(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)));
    private final M[] ms = {new M(sched, 0), new M(sched, 1), new M(sched, 2)};

    public PAcquireLincheckTest() {
        sched.lock.lock();
        try {
            sched.world.procresize(null, 2);           // both Ps idle, on the list
        } finally {
            sched.lock.unlock();
        }
    }

    private void acquireIdle(M mp) {
        if (mp.p != null) {
            return;
        }
        P pp;
        sched.lock.lock();
        try {
            pp = sched.pidleget();
        } finally {
            sched.lock.unlock();
        }
        if (pp != null) {
            sched.handoff.acquirep(mp, pp);
        }
    }

    private void release(M mp) {
        if (mp.p == null) {
            return;
        }
        P pp = sched.handoff.releasep(mp);
        sched.lock.lock();
        try {
            sched.pidleput(pp);
        } finally {
            sched.lock.unlock();
        }
    }

    /** An owner enters a syscall (publishes SYSCALL); any claimer may then CAS it out. */
    private void enterSyscall(M mp) {
        P pp = mp.p;
        if (pp == null) {
            return;
        }
        mp.oldp = pp;
        mp.p = null;
        pp.m = null;
        pp.setStatusVolatile(PStatus.SYSCALL);
    }

    /** Claim a SYSCALL P by CAS (retake / exitsyscallfast), then own it. */
    private void claimSyscallP(M mp) {
        if (mp.p != null) {
            return;
        }
        for (P pp : sched.allp()) {
            if (pp.statusVolatile() == PStatus.SYSCALL && pp.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
                sched.handoff.acquirep(mp, pp);
                return;
            }
        }
    }

    @Operation(nonParallelGroup = "m0") public void m0Acquire() { acquireIdle(ms[0]); }
    @Operation(nonParallelGroup = "m0") public void m0Release() { release(ms[0]); }
    @Operation(nonParallelGroup = "m0") public void m0Syscall() { enterSyscall(ms[0]); }
    @Operation(nonParallelGroup = "m1") public void m1Acquire() { acquireIdle(ms[1]); }
    @Operation(nonParallelGroup = "m1") public void m1Claim() { claimSyscallP(ms[1]); }
    @Operation(nonParallelGroup = "m1") public void m1Release() { release(ms[1]); }
    @Operation(nonParallelGroup = "m2") public void m2Claim() { claimSyscallP(ms[2]); }
    @Operation(nonParallelGroup = "m2") public void m2Acquire() { acquireIdle(ms[2]); }

    @Validate
    public void ownership() {
        int idle = 0;
        for (P pp : sched.allp()) {
            M owner = pp.m;
            if (pp.statusVolatile() == PStatus.RUNNING) {
                if (owner == null || owner.p != pp) {
                    throw new AssertionError("P" + pp.id + " running without a consistent owner: p.m=" + owner);
                }
            } else if (owner != null) {
                throw new AssertionError("P" + pp.id + " is " + PStatus.name(pp.statusVolatile()) + " but p.m=" + owner);
            }
            int owners = 0;
            for (M mp : ms) {
                if (mp.p == pp) {
                    owners++;
                }
            }
            if (owners > 1) {
                throw new AssertionError("P" + pp.id + " is owned by " + owners + " Ms");
            }
        }
        sched.lock.lock();
        try {
            idle = sched.idlePs().size();
        } finally {
            sched.lock.unlock();
        }
        if (idle != sched.npidle.get()) {
            throw new AssertionError("npidle=" + sched.npidle.get() + " but " + idle + " Ps on the idle list");
        }
    }

    @Test
    void modelCheck() {
        ModelChecks.check(ModelChecks.options(10, 1000).threads(3).actorsPerThread(3), PAcquireLincheckTest.class, 10, 1000);
    }
}
