package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Received;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.sync.Mutex;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/runtime/chan_test.go} (the Go 1.18/1.19 test set) on gort's {@link Chan} and {@link Select}.
 *
 * <p>Not ported: the benchmarks; {@code TestSelectStackAdjust}'s stack-pointer adjustment (Java has no pointers
 * into a goroutine's stack; its select semantics are kept below) and the {@code runtime.GC()} calls that shrink
 * stacks in {@code TestShrinkStackDuringBlockedSend} and {@code TestNoShrinkStackWhileParking}: a goroutine's
 * stack is a JDK continuation that gort never shrinks, so only the channel protocol of those tests is kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoChanTest {
    private static final Duration MS = Duration.ofMillis(1);

    /** Go: src/runtime/chan_test.go TestChan (N = 200 channel capacities, GOMAXPROCS 4). */
    @Test
    void testChan() {
        GoRun.withProcs(4, () -> {
            int n = 200;
            for (int chanCap = 0; chanCap < n; chanCap++) {
                int cap = chanCap;
                {
                    // Ensure that receive from empty chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    AtomicBoolean recv1 = new AtomicBoolean();
                    Go.go(() -> {
                        c.recv();
                        recv1.set(true);
                    });
                    AtomicBoolean recv2 = new AtomicBoolean();
                    Go.go(() -> {
                        c.recvOk();
                        recv2.set(true);
                    });
                    Time.sleep(MS);
                    if (recv1.get() || recv2.get()) {
                        fail("chan[%d]: receive from empty chan", cap);
                    }
                    // Ensure that non-blocking receive does not block.
                    Select.of().recv(c, v -> fail("chan[%d]: receive from empty chan", cap)).onDefault(() -> { }).run();
                    Select.of().recvOk(c, r -> fail("chan[%d]: receive from empty chan", cap))
                            .onDefault(() -> { }).run();
                    c.send(0);
                    c.send(0);
                }
                {
                    // Ensure that send to full chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    AtomicInteger sent = new AtomicInteger();
                    Go.go(() -> {
                        c.send(0);
                        sent.set(1);
                    });
                    Time.sleep(MS);
                    if (sent.get() != 0) {
                        fail("chan[%d]: send to full chan", cap);
                    }
                    // Ensure that non-blocking send does not block.
                    Select.of().send(c, 0, () -> fail("chan[%d]: send to full chan", cap)).onDefault(() -> { }).run();
                    c.recv();
                }
                {
                    // Ensure that we receive 0 (gort: null) from closed chan.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    c.close();
                    for (int i = 0; i < cap; i++) {
                        Integer v = c.recv();
                        if (v != i) {
                            fail("chan[%d]: received %s, expected %d", cap, v, i);
                        }
                    }
                    Integer v = c.recv();
                    if (v != null) {
                        fail("chan[%d]: received %s, expected the zero value", cap, v);
                    }
                    Received<Integer> r = c.recvOk();
                    if (r.value() != null || r.ok()) {
                        fail("chan[%d]: received %s/%s, expected %s/%s", cap, r.value(), r.ok(), null, false);
                    }
                }
                {
                    // Ensure that close unblocks receive.
                    Chan<Integer> c = Chan.make(cap);
                    Chan<Boolean> done = Chan.make();
                    Go.go(() -> {
                        Received<Integer> r = c.recvOk();
                        done.send(r.value() == null && !r.ok());
                    });
                    Time.sleep(MS);
                    c.close();
                    if (!done.recv()) {
                        fail("chan[%d]: received non zero from closed chan", cap);
                    }
                }
                {
                    // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
                    Chan<Integer> c = Chan.make(cap);
                    Go.go(() -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        Integer v = c.recv();
                        if (v != i) {
                            fail("chan[%d]: received %s, expected %d", cap, v, i);
                        }
                    }
                    // Same, but using recv2.
                    Go.go(() -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        Received<Integer> r = c.recvOk();
                        if (!r.ok()) {
                            fail("chan[%d]: receive failed, expected %d", cap, i);
                        }
                        if (r.value() != i) {
                            fail("chan[%d]: received %s, expected %d", cap, r.value(), i);
                        }
                    }
                    // Send 1000 integers in 4 goroutines, ensure that we receive what we send.
                    int p = 4;
                    int l = 1000;
                    for (int k = 0; k < p; k++) {
                        Go.go(() -> {
                            for (int i = 0; i < l; i++) {
                                c.send(i);
                            }
                        });
                    }
                    Chan<int[]> done = Chan.make();
                    for (int k = 0; k < p; k++) {
                        Go.go(() -> {
                            int[] recv = new int[l];
                            for (int i = 0; i < l; i++) {
                                recv[c.recv()]++;
                            }
                            done.send(recv);
                        });
                    }
                    int[] recv = new int[l];
                    for (int k = 0; k < p; k++) {
                        int[] part = done.recv();
                        for (int i = 0; i < l; i++) {
                            recv[i] += part[i];
                        }
                    }
                    for (int i = 0; i < l; i++) {
                        if (recv[i] != p) {
                            fail("chan[%d]: received %d values, expected %d", cap, recv[i], p);
                        }
                    }
                }
                {
                    // Test len/cap.
                    Chan<Integer> c = Chan.make(cap);
                    if (c.len() != 0 || c.cap() != cap) {
                        fail("chan[%d]: bad len/cap, expect %d/%d, got %d/%d", cap, 0, cap, c.len(), c.cap());
                    }
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    if (c.len() != cap || c.cap() != cap) {
                        fail("chan[%d]: bad len/cap, expect %d/%d, got %d/%d", cap, cap, cap, c.len(), c.cap());
                    }
                }
            }
        });
    }

    /** Go: src/runtime/chan_test.go TestNonblockRecvRace (n = 10000). */
    @Test
    void testNonblockRecvRace() {
        GoRun.main(() -> {
            for (int i = 0; i < 10_000; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                Go.go(() -> Select.of().recv(c).onDefault(() -> fail("chan is not ready")).run());
                c.close();
                c.recv();
            }
        });
    }

    /**
     * Go: src/runtime/chan_test.go TestNonblockSelectRace (n = 100000). A select acts on the state of its channels
     * at one moment: from the goroutine's start one of c1, c2 is always ready, so default must never run.
     */
    @Test
    void testNonblockSelectRace() {
        GoRun.main(() -> {
            Chan<Boolean> done = Chan.make(1);
            for (int i = 0; i < 100_000; i++) {
                Chan<Integer> c1 = Chan.make(1);
                Chan<Integer> c2 = Chan.make(1);
                c1.send(1);
                Go.go(() -> {
                    boolean[] ok = {true};
                    Select.of().recv(c1).recv(c2).onDefault(() -> ok[0] = false).run();
                    done.send(ok[0]);
                });
                c2.send(1);
                Select.of().recv(c1).onDefault(() -> { }).run();
                if (!done.recv()) {
                    fail("no chan is ready");
                }
            }
        });
    }

    /** Go: src/runtime/chan_test.go TestNonblockSelectRace2 (n = 100000): as above, close(c2) for c2 <- 1. */
    @Test
    void testNonblockSelectRace2() {
        GoRun.main(() -> {
            Chan<Boolean> done = Chan.make(1);
            for (int i = 0; i < 100_000; i++) {
                Chan<Integer> c1 = Chan.make(1);
                Chan<Integer> c2 = Chan.make();
                c1.send(1);
                Go.go(() -> {
                    boolean[] ok = {true};
                    Select.of().recv(c1).recv(c2).onDefault(() -> ok[0] = false).run();
                    done.send(ok[0]);
                });
                c2.close();
                Select.of().recv(c1).onDefault(() -> { }).run();
                if (!done.recv()) {
                    fail("no chan is ready");
                }
            }
        });
    }

    /** Go: src/runtime/chan_test.go TestSelfSelect (GOMAXPROCS 2): send and receive on one chan in a select. */
    @Test
    void testSelfSelect() {
        GoRun.withProcs(2, () -> {
            for (int chanCap : new int[] {0, 10}) {
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                Chan<Integer> c = Chan.make(chanCap);
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    Go.go(() -> {
                        try {
                            for (int i = 0; i < 1000; i++) {
                                Select sel = Select.of();
                                if (me == 0 || i % 2 == 0) {
                                    sel.send(c, me).recv(c, v -> checkNotSelf(chanCap, v, me));
                                } else {
                                    sel.recv(c, v -> checkNotSelf(chanCap, v, me)).send(c, me);
                                }
                                sel.run();
                            }
                        } finally {
                            wg.done();
                        }
                    });
                }
                wg.await();
            }
        });
    }

    private static void checkNotSelf(int chanCap, int v, int p) {
        if (chanCap == 0 && v == p) {
            fail("self receive");
        }
    }

    /**
     * Go: src/runtime/chan_test.go TestSelectStress (GOMAXPROCS 10). N scaled from Go's 100000 to 10000, Go's own
     * -short value: at 1e5 this one test takes about 7 s on a 2-core machine, a tenth of the suite's budget.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void testSelectStress() {
        GoRun.withProcs(10, () -> {
            Chan<Integer>[] c = new Chan[4];
            c[0] = Chan.make();
            c[1] = Chan.make();
            c[2] = Chan.make(2);
            c[3] = Chan.make(3);
            int n = 10_000;
            // 4 goroutines that send N values on each of the chans, 4 that receive N values on each, one that
            // sends N values on each in a single select, one that receives N values on each in a single select.
            WaitGroup wg = new WaitGroup();
            wg.add(10);
            for (int k = 0; k < 4; k++) {
                Chan<Integer> ck = c[k];
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ck.send(0);
                    }
                    wg.done();
                });
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ck.recv();
                    }
                    wg.done();
                });
            }
            Go.go(() -> {
                int[] cnt = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * n; i++) {
                    Select.of()
                            .send(c1[3], 0, () -> { if (++cnt[3] == n) c1[3] = Chan.nil(); })
                            .send(c1[2], 0, () -> { if (++cnt[2] == n) c1[2] = Chan.nil(); })
                            .send(c1[0], 0, () -> { if (++cnt[0] == n) c1[0] = Chan.nil(); })
                            .send(c1[1], 0, () -> { if (++cnt[1] == n) c1[1] = Chan.nil(); })
                            .run();
                }
                wg.done();
            });
            Go.go(() -> {
                int[] cnt = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * n; i++) {
                    Select.of()
                            .recv(c1[0], v -> { if (++cnt[0] == n) c1[0] = Chan.nil(); })
                            .recv(c1[1], v -> { if (++cnt[1] == n) c1[1] = Chan.nil(); })
                            .recv(c1[2], v -> { if (++cnt[2] == n) c1[2] = Chan.nil(); })
                            .recv(c1[3], v -> { if (++cnt[3] == n) c1[3] = Chan.nil(); })
                            .run();
                }
                wg.done();
            });
            wg.await();
        });
    }

    /** Go: src/runtime/chan_test.go TestSelectFairness (trials = 10000, within 10 sigma of an even split). */
    @Test
    void testSelectFairness() {
        GoRun.main(() -> {
            int trials = 10_000;
            Chan<Integer> c1 = Chan.make(trials + 1);
            Chan<Integer> c2 = Chan.make(trials + 1);
            for (int i = 0; i < trials + 1; i++) {
                c1.send(1);
                c2.send(2);
            }
            Chan<Integer> c3 = Chan.make();
            Chan<Integer> c4 = Chan.make();
            Chan<Integer> out = Chan.make();
            Chan<Integer> done = Chan.make();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                try {
                    boolean[] stop = {false};
                    while (!stop[0]) {
                        int[] b = new int[1];
                        Select.of().recv(c3, v -> b[0] = v).recv(c4, v -> b[0] = v)
                                .recv(c1, v -> b[0] = v).recv(c2, v -> b[0] = v).run();
                        Select.of().send(out, b[0]).recv(done, v -> stop[0] = true).run();
                    }
                } finally {
                    wg.done();
                }
            });
            int cnt1 = 0;
            int cnt2 = 0;
            for (int i = 0; i < trials; i++) {
                int b = out.recv();
                switch (b) {
                    case 1 -> cnt1++;
                    case 2 -> cnt2++;
                    default -> fail("unexpected value %d on channel", b);
                }
            }
            // If the select in the goroutine is fair, cnt1 and cnt2 should be about the same value: no more than
            // 10 sigma away from the expected value.
            double mean = trials * 0.5;
            double variance = trials * 0.5 * (1 - 0.5);
            double stddev = Math.sqrt(variance);
            if (Math.abs(cnt1 - mean) > 10 * stddev) {
                fail("unfair select: in %d trials, results were %d, %d", trials, cnt1, cnt2);
            }
            done.close();
            wg.await();
        });
    }

    /** Go: src/runtime/chan_test.go TestChanSendInterface: sends of a value (Go: an interface) in selects. */
    @Test
    void testChanSendInterface() {
        GoRun.main(() -> {
            record Mt() { }
            Mt m = new Mt();
            Chan<Object> c = Chan.make(1);
            c.send(m);
            Select.of().send(c, m).onDefault(() -> { }).run();
            Select.of().send(c, m).send(c, new Mt()).onDefault(() -> { }).run();
            assertThat(c.len()).isEqualTo(1);
        });
    }

    /** Go: src/runtime/chan_test.go TestPseudoRandomSend: a two-send select picks both cases (n = 100). */
    @Test
    void testPseudoRandomSend() {
        GoRun.main(() -> {
            int n = 100;
            for (int chanCap : new int[] {0, n}) {
                Chan<Integer> c = Chan.make(chanCap);
                int[] l = new int[n];
                Mutex m = new Mutex();
                m.lock();
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Go.gosched();
                        l[i] = c.recv();
                    }
                    m.unlock();
                });
                for (int i = 0; i < n; i++) {
                    Select.of().send(c, 1).send(c, 0).run();
                }
                m.lock(); // wait
                int n0 = 0;
                int n1 = 0;
                for (int i : l) {
                    n0 += (i + 1) % 2;
                    n1 += i;
                }
                if (n0 <= n / 10 || n1 <= n / 10) {
                    fail("Want pseudorandom, got %d zeros and %d ones (chan cap %d)", n0, n1, chanCap);
                }
            }
        });
    }

    /** Go: src/runtime/chan_test.go TestMultiConsumer (nwork = 23, niter = 271828). */
    @Test
    void testMultiConsumer() {
        GoRun.main(() -> {
            int nwork = 23;
            int niter = 271_828;
            int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
            Chan<Integer> q = Chan.make(nwork * 3);
            Chan<Integer> r = Chan.make(nwork * 3);
            // workers
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < nwork; i++) {
                wg.add(1);
                int w = i;
                Go.go(() -> {
                    for (int v : q) {
                        // mess with the fifo-ish nature of range
                        if (pn[w % pn.length] == v) {
                            Go.gosched();
                        }
                        r.send(v);
                    }
                    wg.done();
                });
            }
            // feeder & closer
            long[] expect = {0};
            Go.go(() -> {
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect[0] += v;
                    q.send(v);
                }
                q.close();  // no more work
                wg.await(); // workers done
                r.close();  // ... so there can be no more results
            });
            // consume & check
            int n = 0;
            long s = 0;
            for (int v : r) {
                n++;
                s += v;
            }
            if (n != niter || s != expect[0]) {
                fail("Expected sum %d (got %d) from %d iter (saw %d)", expect[0], s, niter, n);
            }
        });
    }

    /**
     * Go: src/runtime/chan_test.go TestShrinkStackDuringBlockedSend. The sender uses a lot of stack between sends
     * while the receiver sleeps; Go's runtime.GC() (which shrinks the blocked sender's stack) has no gort
     * counterpart, so the channel protocol around it is what is tested.
     */
    @Test
    void testShrinkStackDuringBlockedSend() {
        GoRun.main(() -> {
            int n = 10;
            Chan<Integer> c = Chan.make();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    c.send(i);
                    // use lots of stack, briefly.
                    stackGrowthRecursive(20);
                }
                done.send(true);
            });
            for (int i = 0; i < n; i++) {
                int x = c.recv();
                if (x != i) {
                    fail("bad channel read: want %d, got %d", i, x);
                }
                // Waste some time so sender can finish using lots of stack and block in channel send.
                Time.sleep(MS);
            }
            done.recv();
        });
    }

    /**
     * Go: src/runtime/chan_test.go TestNoShrinkStackWhileParking (n*20 = 200 rounds). Go races a GC stack shrink
     * against a sender parking; gort has no stack shrinking (see the class comment), so the rounds check that
     * parking senders and sleeping receivers keep their protocol.
     */
    @Test
    void testNoShrinkStackWhileParking() {
        GoRun.main(() -> {
            int n = 10;
            for (int i = 0; i < n * 20; i++) {
                Chan<Integer> c = Chan.make();
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {                           // recv
                    for (int k = 0; k < n; k++) {
                        // Sleep here so that the sender always fully blocks.
                        Time.sleep(Duration.ofNanos(10_000));
                        c.recv();
                    }
                    done.send(true);
                });
                Go.go(() -> {                           // send
                    for (int k = 0; k < n; k++) {
                        c.send(k);
                        stackGrowthRecursive(20);
                    }
                    done.send(true);
                });
                Time.sleep(Duration.ofNanos(50_000));
                done.recv();
                done.recv();
            }
        });
    }

    /** Go: src/runtime/chan_test.go TestSelectDuplicateChannel: one G queued twice on the same channel. */
    @Test
    void testSelectDuplicateChannel() {
        GoRun.main(() -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> d = Chan.make();
            Chan<Integer> e = Chan.make();
            // goroutine A
            Go.go(() -> {
                Select.of().recv(c).recv(c).recv(d).run();
                e.send(9);
            });
            Time.sleep(MS); // make sure goroutine A gets queued first on c
            // goroutine B
            Go.go(c::recv);
            Time.sleep(MS); // make sure goroutine B gets queued on c before continuing
            d.send(7);      // wake up A, it dequeues itself from c. This operation used to corrupt c.recvq.
            e.recv();       // A tells us it's done
            c.send(8);      // wake up B. This used to fail because c.recvq was corrupted.
        });
    }

    /**
     * Go: src/runtime/chan_test.go TestSelectStackAdjust. Go checks that a receive slot pointing into a shrunk
     * stack is adjusted; Java has no such pointers. Kept: two selects (one with duplicate cases) parked on c and d
     * wake when d is closed, and the receive into cx, whose case was not chosen, leaves cx alone.
     */
    @Test
    void testSelectStackAdjust() {
        GoRun.main(() -> {
            Chan<int[]> c = Chan.make();
            Chan<int[]> d = Chan.make();
            Chan<Boolean> ready1 = Chan.make();
            Chan<Boolean> ready2 = Chan.make();
            for (int k = 0; k < 2; k++) {
                boolean dup = k == 1;
                Chan<Boolean> ready = dup ? ready2 : ready1;
                Go.go(() -> {
                    stackGrowthRecursive((10 << 10) / (128 * 8));
                    ready.send(true);
                    int[] val = {42};
                    int[][] cx = {val};
                    Chan<int[]> c2 = dup ? c : Chan.nil();
                    Chan<int[]> d2 = dup ? d : Chan.nil();
                    // Receive from d. cx won't be affected.
                    Select.of().recv(c, v -> cx[0] = v).recv(c2).recv(d).recv(d2).run();
                    if (cx[0] != val) {
                        fail("cx no longer points to val");
                    } else if (val[0] != 42) {
                        fail("val changed");
                    } else {
                        cx[0][0] = 43;
                        if (val[0] != 43) {
                            fail("changing *cx failed to change val");
                        }
                    }
                    ready.send(true);
                });
            }
            // Let the goroutines get into the select.
            ready1.recv();
            ready2.recv();
            Time.sleep(Duration.ofMillis(10));
            // Wake selects.
            d.close();
            ready1.recv();
            ready2.recv();
        });
    }

    /** Go: src/runtime/proc_test.go stackGrowthRecursive: i frames of 128 words each. */
    static void stackGrowthRecursive(int i) {
        long[] pad = new long[128];
        for (long p : pad) {
            if (p != 0) {
                return;
            }
        }
        if (i != 0) {
            stackGrowthRecursive(i - 1);
        }
    }
}
