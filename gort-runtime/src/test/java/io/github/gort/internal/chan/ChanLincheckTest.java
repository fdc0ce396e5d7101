package io.github.gort.internal.chan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.ModelParkers;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the real channel protocol ({@link HChan}: lock, wait queues, direct handoff, close) against a
 * sequential specification, for an unbuffered and a buffered (capacity 1) channel.
 *
 * <p>Lincheck's threads are not goroutines, so blocking operations run with {@link ModelParkers.Pending}: a send
 * or receive that must wait leaves its sudog on the queue and returns "pending". Later operations complete it
 * exactly as they would a parked goroutine (handing a value over, or close failing it), and
 * {@link ChanModel#waiters()} reports, in parking order, what happened to each pending operation. The sequential
 * specification ({@link ChanSpec}) is Go's channel with such pending waiters; every concurrent history must match
 * one of its sequential runs. {@code @Validate} checks that each completed waiter was readied exactly once.
 */
class ChanLincheckTest {
    /** Lincheck's threads are not Ms: the channel operations get no M (as from a plain thread). */
    private static final M NO_M = null;

    private static final int ITERATIONS = 10;
    private static final int INVOCATIONS = 1_000;

    /** The operations on a real HChan; subclasses pick the capacity. */
    public abstract static class ChanModel {
        final ModelParkers.Pending parker = new ModelParkers.Pending();
        final HChan h;

        ChanModel(int cap) {
            h = new HChan(cap, parker);
        }

        @Operation
        public String send(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                return h.chansend(NO_M, v, HChan.Mode.BLOCK) == HChan.PENDING ? "pending" : "sent";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                return h.chansend(NO_M, v, HChan.Mode.NONBLOCK) == HChan.SENT ? "sent" : "would block";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String recv() {
            return describe(h.chanrecv(NO_M, HChan.Mode.BLOCK));
        }

        @Operation
        public String tryRecv() {
            return describe(h.chanrecv(NO_M, HChan.Mode.NONBLOCK));
        }

        @Operation
        public String close() {
            try {
                closeImpl();
                return "closed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }

        void closeImpl() {
            h.closechan(NO_M);
        }

        /** What became of every operation that had to wait, in parking order. Reads under the channel lock. */
        @Operation
        public String waiters() {
            h.lock.lock();
            try {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < parker.parked.size(); i++) {
                    out.add(state(parker.parked.get(i), parker.reasons.get(i).equals("chan send")));
                }
                return out.toString();
            } finally {
                h.lock.unlock();
            }
        }

        private String state(Sudog sg, boolean isSender) {
            if (onQueue(h.recvq, sg) || onQueue(h.sendq, sg)) {
                return "waiting";
            }
            if (isSender) {
                return sg.success ? "delivered" : "send failed: closed";
            }
            return sg.success ? "got " + sg.elem : "closed";
        }

        private static boolean onQueue(WaitQ q, Sudog sg) {
            for (Sudog s = q.first; s != null; s = s.next) {
                if (s == sg) {
                    return true;
                }
            }
            return false;
        }

        @Validate
        public void completedWaitersWereReadiedOnce() {
            for (Sudog sg : parker.parked) {
                boolean queued = onQueue(h.recvq, sg) || onQueue(h.sendq, sg);
                if (queued == sg.readied) {
                    throw new IllegalStateException("a waiter is " + (queued ? "queued but readied" : "done but never readied"));
                }
            }
            if (h.qcount < 0 || h.qcount > h.dataqsiz) {
                throw new IllegalStateException("qcount " + h.qcount + " outside 0.." + h.dataqsiz);
            }
        }

        private static String describe(Object r) {
            if (r == HChan.PENDING) {
                return "pending";
            }
            if (r == HChan.WOULD_BLOCK) {
                return "would block";
            }
            return r == HChan.CLOSED ? "closed" : "got " + r;
        }
    }

    /**
     * Go's channel, sequentially, with pending waiters. Operation names and results mirror {@link ChanModel}.
     */
    public abstract static class ChanSpec {
        private final int cap;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;
        private final ArrayDeque<int[]> sendq = new ArrayDeque<>();     // {waiter index, value}
        private final ArrayDeque<Integer> recvq = new ArrayDeque<>();   // waiter index
        private final List<String> waiters = new ArrayList<>();

        ChanSpec(int cap) {
            this.cap = cap;
        }

        @Operation
        public String send(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (!recvq.isEmpty()) {
                waiters.set(recvq.poll(), "got " + v);
                return "sent";
            }
            if (buf.size() < cap) {
                buf.add(v);
                return "sent";
            }
            sendq.add(new int[] {waiters.size(), v});
            waiters.add("waiting");
            return "pending";
        }

        @Operation
        public String trySend(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (recvq.isEmpty() && buf.size() >= cap) {
                return "would block";
            }
            return send(v);
        }

        @Operation
        public String recv() {
            String r = tryRecv();
            if (!r.equals("would block")) {
                return r;
            }
            recvq.add(waiters.size());
            waiters.add("waiting");
            return "pending";
        }

        @Operation
        public String tryRecv() {
            if (!buf.isEmpty()) {
                int v = buf.poll();
                if (!sendq.isEmpty()) {
                    int[] s = sendq.poll();
                    buf.add(s[1]);
                    waiters.set(s[0], "delivered");
                }
                return "got " + v;
            }
            if (!sendq.isEmpty()) {
                int[] s = sendq.poll();
                waiters.set(s[0], "delivered");
                return "got " + s[1];
            }
            return closed ? "closed" : "would block";
        }

        @Operation
        public String close() {
            if (closed) {
                return "close of closed channel";
            }
            closed = true;
            for (int r : recvq) {
                waiters.set(r, "closed");
            }
            for (int[] s : sendq) {
                waiters.set(s[0], "send failed: closed");
            }
            recvq.clear();
            sendq.clear();
            return "closed";
        }

        @Operation
        public String waiters() {
            return waiters.toString();
        }
    }

    public static class Unbuffered extends ChanModel {
        public Unbuffered() {
            super(0);
        }
    }

    public static class UnbufferedSpec extends ChanSpec {
        public UnbufferedSpec() {
            super(0);
        }
    }

    public static class Buffered extends ChanModel {
        public Buffered() {
            super(1);
        }
    }

    public static class BufferedSpec extends ChanSpec {
        public BufferedSpec() {
            super(1);
        }
    }

    /** MUTANT: close marks the channel closed and fails waiting senders, but forgets the parked receivers. */
    public static class CloseForgetsReceivers extends ChanModel {
        public CloseForgetsReceivers() {
            super(0);
        }

        @Override
        void closeImpl() {
            h.lock.lock();
            if (h.closed) {
                h.lock.unlock();
                throw new IllegalStateException("close of closed channel");
            }
            h.closed = true;
            List<Sudog> wake = new ArrayList<>();
            Sudog sg;
            while ((sg = h.sendq.dequeue()) != null) {
                sg.success = false;
                wake.add(sg);
            }
            h.lock.unlock();
            wake.forEach(w -> parker.ready(NO_M, w));
        }
    }

    /**
     * MUTANT: the non-blocking send's lock-free fast fail in Go's order (closed first, then full). A receiver
     * waits; trySend reads "open"; close removes the receiver; trySend reads "full" and reports "would block",
     * though the channel was never open and full. (Found by this test; HChan reads full first.)
     */
    public static class ClosedFirstFastFail {
        private final HChan h = new HChan(0, new ModelParkers.Pending());

        @Operation
        public String recv() {
            return h.chanrecv(NO_M, HChan.Mode.BLOCK) == HChan.PENDING ? "pending" : "done";
        }

        @Operation
        public String close() {
            try {
                h.closechan(NO_M);
                return "closed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            if (!h.closed && h.recvq.first == null) {           // BUG: Go's order
                return "would block";
            }
            try {
                return h.chansend(NO_M, v, HChan.Mode.NONBLOCK) == HChan.SENT ? "sent" : "would block";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
    }

    /** Sequential specification for {@link ClosedFirstFastFail}: recv, close and trySend of ChanSpec. */
    public static class RecvCloseTrySendSpec {
        private final UnbufferedSpec spec = new UnbufferedSpec();

        @Operation
        public String recv() {
            String r = spec.recv();
            return r.equals("pending") ? "pending" : "done";
        }

        @Operation
        public String close() {
            return spec.close();
        }

        @Operation
        public String trySend(int v) {
            return spec.trySend(v);
        }
    }

    private static ModelCheckingOptions options(Class<?> spec) {
        int s = TestRuntimes.stress();
        return new ModelCheckingOptions().iterations(ITERATIONS * s).invocationsPerIteration(INVOCATIONS)
                .threads(3).actorsPerThread(3).sequentialSpecification(spec);
    }

    private static void check(Class<?> test, Class<?> spec) {
        long t0 = System.nanoTime();
        options(spec).check(test);
        System.out.printf("lincheck %s: %d iterations x %d invocations, %.1f s, no failure%n", test.getSimpleName(),
                ITERATIONS * TestRuntimes.stress(), INVOCATIONS, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void unbufferedChannelMatchesGoSemantics() {
        check(Unbuffered.class, UnbufferedSpec.class);
    }

    @Test
    void bufferedChannelMatchesGoSemantics() {
        check(Buffered.class, BufferedSpec.class);
    }

    @Test
    void closeThatForgetsReceiversIsCaught() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> options(UnbufferedSpec.class).check(CloseForgetsReceivers.class));
        String report = String.valueOf(e.getMessage());
        System.out.println("lincheck CloseForgetsReceivers found the seeded bug:\n"
                + report.substring(0, Math.min(report.length(), 3000)));
        assertThat(report).contains("close");
    }

    @Test
    void fastFailInGoOrderIsCaught() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> options(RecvCloseTrySendSpec.class).check(ClosedFirstFastFail.class));
        String report = String.valueOf(e.getMessage());
        System.out.println("lincheck ClosedFirstFastFail found the seeded bug:\n"
                + report.substring(0, Math.min(report.length(), 1500)));
        assertThat(report).contains("trySend");
    }
}
