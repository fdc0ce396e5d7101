package io.github.gort.internal.netpoll;

import io.github.gort.internal.scheduler.RuntimeLock;
import io.github.gort.internal.scheduler.Timers;
import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.util.List;

/**
 * One socket's poll descriptor (Go: netpoll.go {@code pollDesc}): a read and a write {@link Waiter}, each holding
 * the one goroutine that waits for readiness in that direction, and the read and write deadlines with their timers.
 * Made by {@link NetPoll#open}; the network layer ({@code io.github.gort.net}) calls {@link #prepare} before an
 * operation and {@link #await} when the non-blocking call would block.
 *
 * <h2>A waiter's state (Go's {@code rg}/{@code wg})</h2>
 * <pre>
 * NIL    nobody waits and no readiness is kept
 * READY  readiness arrived (or is pretended, after a deadline or close) and nobody has consumed it
 * WAIT   a goroutine is about to park: it won the CAS NIL→WAIT and has not yet parked
 * a G    that goroutine is parked, WAITING with reason "IO wait" (in model tests: the parked thread's token)
 *
 * NIL → WAIT     the waiter, in await (a READY is consumed instead: READY → NIL)
 * WAIT → G       park_m's commit, after the G is _Gwaiting; if the CAS fails the park is cancelled
 * WAIT|G → READY the poller, on readiness (unblock with ioready): a G so replaced is readied
 * WAIT|G → NIL   a deadline or close (unblock without ioready): a G so replaced is readied, and finds the error
 * READY|WAIT → NIL  the waiter once it runs again (getAndSet): it learns whether readiness came
 * </pre>
 * How a waiter parks and is readied is its {@link Host}'s ({@link NetPoll}: gopark and goready; model tests: plain
 * threads). The states and every transition between them are this class's.
 *
 * <p>One goroutine waits per direction at a time: the network layer holds that direction's lock across the wait, as
 * Go's fdMutex does. A second waiter is a broken invariant ({@code runtime: double wait}).
 *
 * <h2>Deadlines (Go: poll_runtime_pollSetDeadline, netpolldeadlineimpl)</h2>
 * {@code rd}/{@code wd} are 0 for none, a {@code System.nanoTime()} instant, or -1 once it expired. A timer per
 * direction fires at the deadline; it carries the sequence number {@code rseq}/{@code wseq} current when it was
 * set, and every reset or close bumps the number, so a timer that fires late for an old deadline is ignored. The
 * waiter re-checks the error state after publishing WAIT, and the deadline and close paths publish the new state
 * before looking at the waiter: one of the two sees the other (both sides are volatile), so an expiry is never
 * lost between the check and the park.
 *
 * <pre>
 * field                  writer                                   others                        mode
 * rg.state, wg.state     see the table above                      -                             CAS (VarHandle)
 * closing, rd, wd        holder of lock                           the waiter (checkerr)         volatile
 * rseq, wseq, rt, wt     holder of lock                           -                             under lock
 * key                    constructor                              NetPoll                       final
 * </pre>
 * Lock order: lock, then the timers' lock (through addtimer/deltimer); no timer function runs under lock.
 */
public final class PollDesc {
    /** Results of {@link #prepare} and {@link #await} (Go: pollNoError, pollErrClosing, pollErrTimeout). */
    public static final int OK = 0;
    public static final int ERR_CLOSING = 1;
    public static final int ERR_TIMEOUT = 2;

    /** The directions, as Go's modes 'r', 'w' and 'r'+'w'. */
    public static final int READ = 1;
    public static final int WRITE = 2;

    private static final Object NIL = null;
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "pdReady";
        }
    };
    static final Object WAIT = new Object() {
        @Override
        public String toString() {
            return "pdWait";
        }
    };

    /**
     * What a descriptor needs from its poller: arming interest, parking and readying, the timers. {@link NetPoll} in
     * production; model tests plug in their own.
     */
    public interface Host {
        /** Makes the poller watch op (a SelectionKey op) on pd's channel until it fires once. */
        void arm(PollDesc pd, int op);

        /**
         * Parks the caller until what it publishes in w is readied. The host first makes the caller's token
         * (its G) and publishes it with {@link Waiter#commit}; if that fails the park is cancelled and park returns.
         */
        void park(Waiter w);

        /** Readies a token that {@link #unblock} took out of a waiter (not null). */
        void ready(Object parked);

        Timers timers();
    }

    /** One direction's waiter (Go: the rg or wg word). Its own object, so that gopark's commit finds it alone. */
    public static final class Waiter {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final PollDesc pd;
        @SuppressWarnings("unused")                          // through STATE
        private volatile Object state;

        Waiter(PollDesc pd) {
            this.pd = pd;
        }

        boolean cas(Object expect, Object update) {
            return STATE.compareAndSet(this, expect, update);
        }

        Object get() {
            return STATE.getVolatile(this);
        }

        Object getAndSet(Object v) {
            return STATE.getAndSet(this, v);
        }

        /**
         * Publishes parked (the caller's G, now _Gwaiting) in place of WAIT; false, cancelling the park, if
         * readiness or an error came first. Go: netpollblockcommit.
         */
        public boolean commit(Object parked) {
            return cas(WAIT, parked);
        }

        @Override
        public String toString() {
            return (this == pd.rg ? "read" : "write") + " waiter " + get();
        }
    }

    private final Host host;
    final SelectionKey key;
    /** The interest op a read waits for: OP_READ, or OP_ACCEPT on a listener. */
    private final int readOp;
    final Waiter rg = new Waiter(this);
    final Waiter wg = new Waiter(this);
    private final RuntimeLock lock = new RuntimeLock();
    private volatile boolean closing;
    private volatile long rd;
    private volatile long wd;
    private int rseq;
    private int wseq;
    private Timers.RTimer rt;
    private Timers.RTimer wt;

    /** A descriptor for key's channel; readOp is what a read waits for (OP_READ, or OP_ACCEPT on a listener). */
    public PollDesc(Host host, SelectionKey key, int readOp) {
        this.host = host;
        this.key = key;
        this.readOp = readOp;
    }

    /**
     * Before an operation in direction mode: the error it must fail with now (closed, deadline passed), else
     * clears a stale readiness left from an earlier wake-up. Go: poll_runtime_pollReset.
     */
    public int prepare(int mode) {
        int err = checkerr(mode);
        if (err == OK) {
            waiter(mode).getAndSet(NIL);
        }
        return err;
    }

    /**
     * The non-blocking call in direction mode would block: parks the calling goroutine (reason "IO wait") until
     * the socket may be ready, a deadline passes or the descriptor closes. Returns OK when the caller should try
     * the call again, else the error. A wake-up that finds a deadline moved later is not an error: it waits again
     * (Go: poll_runtime_pollWait). Caller is a goroutine and holds the direction's lock.
     */
    public int await(int mode) {
        int err = checkerr(mode);
        if (err != OK) {
            return err;
        }
        host.arm(this, interestOp(mode));
        while (!block(mode)) {
            err = checkerr(mode);
            if (err != OK) {
                return err;
            }
        }
        return OK;
    }

    private int interestOp(int mode) {
        if (mode == READ) {
            return readOp;
        }
        return key != null && key.channel() instanceof java.nio.channels.SocketChannel sc && sc.isConnectionPending()
                ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
    }

    /** Go: netpollcheckerr. Reads the volatile state only. */
    int checkerr(int mode) {
        if (closing) {
            return ERR_CLOSING;
        }
        if ((mode == READ && rd < 0) || (mode == WRITE && wd < 0)) {
            return ERR_TIMEOUT;
        }
        return OK;
    }

    /**
     * Parks until readiness or an error state; true if readiness came (and was consumed). Go: netpollblock, with
     * waitio false: a parked goroutine always re-checks the error state after publishing WAIT.
     */
    boolean block(int mode) {
        Waiter w = waiter(mode);
        while (true) {
            if (w.cas(READY, NIL)) {
                return true;                                  // readiness came before we waited
            }
            if (w.cas(NIL, WAIT)) {
                break;
            }
            Object v = w.get();
            if (v != READY && v != NIL) {
                throw new FatalError("runtime: double wait (two goroutines wait to "
                        + (mode == READ ? "read" : "write") + " one socket)");
            }
        }
        // Re-check after publishing WAIT: a deadline or close stores its state first, then looks at the waiter.
        if (checkerr(mode) == OK) {
            host.park(w);
        }
        Object old = w.getAndSet(NIL);
        if (old != READY && old != WAIT && old != NIL) {
            throw new FatalError("runtime: corrupted polldesc (a goroutine left in the waiter after it ran)");
        }
        return old == READY;
    }

    /**
     * Ends the wait in direction mode: with ioready, readiness is kept (READY) for a waiter still to come; without,
     * a waiter is only woken (to find the error). Returns the parked G (token) to ready, or null. Go: netpollunblock.
     */
    Object unblock(int mode, boolean ioready) {
        Waiter w = waiter(mode);
        while (true) {
            Object old = w.get();
            if (old == READY) {
                return null;
            }
            if (old == NIL && !ioready) {
                return null;                                  // the next await checks the error state itself
            }
            if (w.cas(old, ioready ? READY : NIL)) {
                return old == WAIT || old == NIL ? null : old;
            }
        }
    }

    /**
     * The poller saw readiness for mode (READ, WRITE or both): collects the parked Gs (tokens) to ready into toRun.
     * Go: netpollready.
     */
    public void ready(int mode, List<Object> toRun) {
        if ((mode & READ) != 0) {
            Object gp = unblock(READ, true);
            if (gp != null) {
                toRun.add(gp);
            }
        }
        if ((mode & WRITE) != 0) {
            Object gp = unblock(WRITE, true);
            if (gp != null) {
                toRun.add(gp);
            }
        }
    }

    /**
     * Sets the deadline of mode (READ, WRITE or both) to the nanoTime instant at, or none (0); an instant already
     * passed makes waiting operations fail at once. Any goroutine. Go: poll_runtime_pollSetDeadline.
     */
    public void setDeadline(long at, int mode) {
        Object rgp = null;
        Object wgp = null;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            long d = at == 0 ? 0 : Math.max(at, 1);
            if (d != 0 && d - System.nanoTime() <= 0) {
                d = -1;                                       // already passed
            }
            if ((mode & READ) != 0) {
                rseq++;                                       // a timer armed before this is stale now
                rd = d;
                rt = rearm(rt, d, new DeadlineArg(this, rseq, READ));
            }
            if ((mode & WRITE) != 0) {
                wseq++;
                wd = d;
                wt = rearm(wt, d, new DeadlineArg(this, wseq, WRITE));
            }
            if (rd < 0) {
                rgp = unblock(READ, false);
            }
            if (wd < 0) {
                wgp = unblock(WRITE, false);
            }
        } finally {
            lock.unlock();
        }
        readyIfParked(rgp);
        readyIfParked(wgp);
    }

    private void readyIfParked(Object parked) {
        if (parked != null) {
            host.ready(parked);
        }
    }

    /** Replaces timer t (deleted if pending) with one firing at d, or none when d is not a future instant. */
    private Timers.RTimer rearm(Timers.RTimer t, long d, DeadlineArg arg) {
        if (t == null && d <= 0) {
            return null;
        }
        Timers timers = host.timers();
        if (t != null) {
            timers.deltimer(t);
        }
        if (d <= 0) {
            return null;
        }
        Timers.RTimer nt = new Timers.RTimer(PollDesc::deadlineFired, arg);
        nt.when = d;
        timers.addtimer(nt);
        return nt;
    }

    /** What a deadline timer carries: its descriptor, direction and the sequence number current when it was set. */
    private record DeadlineArg(PollDesc pd, int seq, int mode) {}

    /** A deadline timer fired (on the timer thread). Go: netpolldeadlineimpl. */
    private static void deadlineFired(Object arg) {
        DeadlineArg a = (DeadlineArg) arg;
        a.pd.expire(a.seq, a.mode);
    }

    private void expire(int seq, int mode) {
        Object gp;
        lock.lock();
        try {
            if (seq != (mode == READ ? rseq : wseq)) {
                return;                                       // reset or closed since: a stale timer
            }
            if (mode == READ) {
                rd = -1;
                rt = null;
            } else {
                wd = -1;
                wt = null;
            }
            gp = unblock(mode, false);
        } finally {
            lock.unlock();
        }
        readyIfParked(gp);
    }

    /**
     * The descriptor is closing: every operation fails from now on with ERR_CLOSING and the waiters blocked in it
     * are woken to see it; deadline timers are stopped. Idempotent. Go: poll_runtime_pollUnblock (pd.evict).
     */
    public void evict() {
        Object rgp;
        Object wgp;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            rseq++;
            wseq++;
            rgp = unblock(READ, false);
            wgp = unblock(WRITE, false);
            if (rt != null) {
                host.timers().deltimer(rt);
                rt = null;
            }
            if (wt != null) {
                host.timers().deltimer(wt);
                wt = null;
            }
        } finally {
            lock.unlock();
        }
        readyIfParked(rgp);
        readyIfParked(wgp);
    }

    /** Whether {@link #evict} ran. */
    public boolean closing() {
        return closing;
    }

    /** The descriptor's state for dumps and test failures. */
    @Override
    public String toString() {
        int interest;
        try {
            interest = key == null ? 0 : key.interestOps();
        } catch (java.nio.channels.CancelledKeyException e) {
            interest = -1;
        }
        return "pollDesc{r=" + rg.get() + " w=" + wg.get() + " interest=" + interest + (closing ? " closing" : "")
                + (rd != 0 ? " rd=" + rd : "") + (wd != 0 ? " wd=" + wd : "") + "}";
    }

    private Waiter waiter(int mode) {
        return mode == READ ? rg : wg;
    }
}
