package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.SyscallOrder;
import io.github.gort.diagnosis.WorkbufListViolation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * golang/go#11640 on real platform threads, driven through pause points so that the interleaving of
 * golang/go#11640 happens every run (no sleeps: latches with timeouts). Legacy order: M1 publishes _Psyscall, C takes
 * P1 and
 * hands it to M2, M1 then runs the safe-point function anyway and disposes P1's gcWork while M2 uses it: the
 * workbuf assertion fires, naming the list, nobj, the P and both Ms. Fixed order: the same actors, clean.
 *
 * <p>The legacy run reaches P1's gcWork without PLocal's debug owner check (Lookup.UNCHECKED, as production code
 * runs with checks off): with the check, M1's first P-local access would fail before any buffer moved.
 */
class Issue11640Test {
    private static final long TIMEOUT_S = 10;

    @Test
    void legacyOrderReachesTheWorkbufAssertion() throws Exception {
        Issue11640Fixture f = new Issue11640Fixture(SyscallOrder.LEGACY_UNSAFE, Issue11640Fixture.Lookup.UNCHECKED);
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch handedOff = new CountDownLatch(1);
        CountDownLatch pushed = new CountDownLatch(1);
        CountDownLatch m2Done = new CountDownLatch(1);
        AtomicReference<Throwable> m2Failure = new AtomicReference<>();
        AtomicReference<Throwable> m1Failure = new AtomicReference<>();
        f.sched.syscall.afterPublishHook = () -> {                 // pause A: _Psyscall is visible, fn not yet run
            published.countDown();
            await(handedOff, "C to hand P1 to M2");
        };
        f.gcwOf[1].setAfterPushHook(() -> {                         // pause B: B is on work.full, still cached
            pushed.countDown();
            await(m2Done, "M2 to drain P1's gcWork");
        });
        Thread m1 = new Thread(() -> {
            try {
                f.m1EnterSyscall();
            } catch (Throwable t) {
                m1Failure.set(t);
            }
        }, "m1");
        Thread c = new Thread(() -> {
            await(published, "M1 to publish _Psyscall");
            f.cForEachPDispose();
            handedOff.countDown();
        }, "C");
        Thread m2 = new Thread(() -> {
            await(pushed, "M1 to push P1's wbuf1 in dispose");
            try {
                f.m2AcquireAndDrain();
            } catch (Throwable t) {
                m2Failure.set(t);
            } finally {
                m2Done.countDown();
            }
        }, "m2");
        m1.start();
        c.start();
        m2.start();
        join(m1, c, m2);

        Throwable t = m2Failure.get();
        assertThat(t).as("M2's use of P1's gcWork after the legacy dispose").isInstanceOf(WorkbufListViolation.class);
        WorkbufListViolation v = (WorkbufListViolation) t;
        String report = "golang/go#11640 reproduced on real threads: " + v.getMessage() + "\n  "
                + f.log.describe(v.workbuf()) + "\n  popped/drained by m2, which acquired P1 from C's handoff"
                + " (m2.p=P" + f.m2.p.id + "); m1 failure afterwards: " + m1Failure.get();
        System.out.println(report);
        assertThat(v.workbuf()).isEqualTo(f.workbufB);
        // Debug mode catches the write to a listed buffer (where tag ON_FULL); without it, trygetfull's
        // checknonempty does ("popped from work.full with nobj=0"). Both name the list and the count.
        assertThat(v.getMessage()).containsAnyOf("ON_FULL", "work.full").contains("nobj=");
        assertThat(f.log.describe(v.workbuf())).contains("for P1").contains("m1").contains("did NOT own P1");
        assertThat(f.m2.p).isSameAs(f.p1);
    }

    /**
     * The legacy test's interleaving, driven the same way in both orders: M1 publishes {@code _Psyscall} and
     * pauses; C posts the function and takes P1 out of the system call for M2; M2 acquires P1; only then does M1
     * go on (and, in the legacy order, dispose P1's gcWork, pausing once a buffer is on a list); then M2 runs the
     * safe-point check and drains. Legacy: the workbuf assertion. Fixed: M2 disposes and drains clean. This is
     * the guard for the default path: a change that moves the function (or the owner clearing) after the store
     * turns the fixed run into the legacy one, and it fails here, with the workbuf assertion as well as the
     * debug owner check.
     */
    @ParameterizedTest
    @EnumSource(SyscallOrder.class)
    void theLegacyScheduleInBothOrders(SyscallOrder order) throws Exception {
        Issue11640Fixture f = new Issue11640Fixture(order, Issue11640Fixture.Lookup.UNCHECKED);
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch handedOff = new CountDownLatch(1);
        CountDownLatch m2Acquired = new CountDownLatch(1);
        CountDownLatch m2MayDrain = new CountDownLatch(1);           // M1 pushed a buffer in dispose, or is done
        CountDownLatch m2Done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] drained = {-2};
        f.sched.syscall.afterPublishHook = () -> {                  // pause A, in both orders
            published.countDown();
            await(m2Acquired, "M2 to acquire P1");
        };
        f.gcwOf[1].setAfterPushHook(() -> {                         // pause B: only M1's dispose in its syscall
            if (M.current() == f.m1) {
                m2MayDrain.countDown();
                await(m2Done, "M2 to drain P1's gcWork");
            }
        });
        Thread m1 = new Thread(() -> {
            run(failure, f::m1EnterSyscall);
            m2MayDrain.countDown();
        }, "m1");
        Thread c = new Thread(() -> run(failure, () -> {
            await(published, "M1 to publish _Psyscall");
            f.cForEachPDispose();                                    // posts fn, takes P1 by CAS, hands it to M2
            handedOff.countDown();
        }), "C");
        Thread m2 = new Thread(() -> {
            try {
                run(failure, () -> {
                    await(handedOff, "C to hand P1 to M2");
                    P pp = f.m2Acquire();
                    assertThat(pp).as("P1 handed to M2").isSameAs(f.p1);
                    m2Acquired.countDown();
                    await(m2MayDrain, "M1 to dispose or to finish entering its system call");
                    drained[0] = f.m2Drain(pp);
                });
            } finally {
                m2Done.countDown();
            }
        }, "m2");
        m1.start();
        c.start();
        m2.start();
        join(m1, c, m2);
        if (order == SyscallOrder.LEGACY_UNSAFE) {
            assertThat(failure.get()).as("M2's use of P1's gcWork after M1's dispose")
                    .isInstanceOf(WorkbufListViolation.class);
            return;
        }
        assertThat(failure.get()).as("no actor failed").isNull();
        assertThat(drained[0]).as("objects M2 got from P1's gcWork, disposed by M2 as its owner")
                .isEqualTo(Issue11640Fixture.K);
        assertThat(f.fnRuns.get(1)).isEqualTo(1);
        f.checkInvariants();
    }

    @Test
    void fixedOrderIsClean() throws Exception {
        Issue11640Fixture f = new Issue11640Fixture(SyscallOrder.FIXED, Issue11640Fixture.Lookup.OWNER_CHECKED);
        CountDownLatch posted = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch handedOff = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] drained = {-2};
        Thread c = new Thread(() -> run(failure, () -> {
            f.cForEachPDispose();                                   // posts fn to P1, which is running
            posted.countDown();
            await(entered, "M1 to enter the system call");
            assertThat(f.retakeP1()).as("retake of P1 after M1 published _Psyscall").isTrue();
            handedOff.countDown();
        }), "C");
        Thread m1 = new Thread(() -> run(failure, () -> {
            await(posted, "C to post the safe-point function");
            f.m1EnterSyscall();                                      // runs fn as owner, then publishes
            entered.countDown();
        }), "m1");
        Thread m2 = new Thread(() -> run(failure, () -> {
            await(handedOff, "C to hand P1 to M2");
            drained[0] = f.m2AcquireAndDrain();
        }), "m2");
        m1.start();
        c.start();
        m2.start();
        join(m1, c, m2);
        assertThat(failure.get()).as("no actor failed").isNull();
        assertThat(drained[0]).as("objects M2 got from P1's disposed buffer").isEqualTo(Issue11640Fixture.K);
        assertThat(f.sched.safePointWait).isZero();                  // invariant 19
        assertThat(f.p0.runSafePointFnVolatile()).isZero();
        assertThat(f.p1.runSafePointFnVolatile()).isZero();
        assertThat(f.fnRuns.get(0)).isEqualTo(1);
        assertThat(f.fnRuns.get(1)).isEqualTo(1);
        f.checkInvariants();                                          // invariants 24-26
        System.out.println("fixed order: M1 disposed P1's gcWork before publishing _Psyscall; M2 drained "
                + drained[0] + " objects; " + f.lists.describe() + "; " + f.log.describe(f.workbufB));
    }

    private static void run(AtomicReference<Throwable> failure, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void await(CountDownLatch l, String what) {
        try {
            if (!l.await(TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after " + TIMEOUT_S + " s waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void join(Thread... ts) throws InterruptedException {
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(2 * TIMEOUT_S));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
    }
}
