package io.github.gort.internal.scheduler;

import io.github.gort.runtime.RuntimeStats;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * How long the Ps took to stop for one kind of round (stop-the-world: {@code World.ttsp}; forEachP:
 * {@code SafePoint.ttsp}), and which goroutine held out longest. Go measures the same for stop-the-world since
 * 1.22 (runtime/metrics {@code /sched/pauses/stopping/*}); gort adds forEachP and names the goroutine.
 *
 * <h2>A round</h2>
 * <ol>
 * <li>{@link #begin}: the stopper, under sched.lock, as it posts the request: the time, and the goid of the G
 *     running on each P (-1: none, the P is idle, in a system call, or its M is in the scheduler).
 * <li>{@link #passEnded}: the stopper's own pass is over, still under sched.lock: every P it could stop at once
 *     (idle; in a system call, by CAS) has stopped, and this is the time they all had. Recording the time once
 *     here, not per P, keeps a round with nothing to wait for at two clock reads.
 * <li>{@link #stopped}: each P stopped after the pass, by whoever stops it (gcstopm, handoffp, entersyscall_gcwait;
 *     for forEachP, whoever runs the P's function: the P's M, handoffp for a P the stopper took from a system
 *     call), under sched.lock: the P and the time. Only the last one is kept.
 * <li>{@link #sample}: each time the stopper's wait wakes (every 100 µs, when it re-requests preemption): once the
 *     round has lasted {@link #HOLDOUT_STACK_NANOS}, it captures, once per round, the goid and stack of the G on
 *     every P still holding out.
 * <li>{@link #end}: the round completed: the time to safe point is begin to the last P's stop (or to the pass's
 *     end, if every P stopped in it); the holdout is the last P stopped after the pass, with the G seen on it
 *     (the sample's, else begin's) and its stack if one was sampled. A round cut short by the runtime's exit
 *     never calls end: it records nothing.
 * </ol>
 * No allocation per round, except the stack strings of a round over the threshold (and the per-P arrays when
 * GOMAXPROCS grows).
 *
 * <pre>
 * field                          writer                                   readers                  mode
 * beginNanos, goidAtBegin        the stopper in begin, under sched.lock   stopped (sched.lock),    plain
 *                                                                         the stopper
 * inRound                        the stopper: begin (under sched.lock),   stopped (sched.lock)     plain: no P stops
 *                                end (for stop-the-world without it)                               after the last
 * lastP, lastStopNanos           passEnded (the stopper) and stopped      the stopper in end,      plain; published
 *                                (whoever stopped the P), under           after its note woke it   by the note (or
 *                                sched.lock                                                        sched.lock)
 * sampled, sampledGoid,          the stopper (sample, begin)              the stopper              plain, one thread
 *  sampledStack
 * rounds, last*, max*            the stopper in end                       anyone (RuntimeStats,    volatile; racy as
 *                                                                         schedtrace)              a set of fields
 * </pre>
 * The stopper holds worldsema for the whole round, so rounds of one kind never overlap, and allp does not change
 * during one (procresize runs under worldsema too).
 */
final class TimeToSafePoint {
    /**
     * A holdout that has kept the round waiting this long gets its stack captured: Go's forcePreemptNS, the time
     * slice after which sysmon asks a goroutine to yield.
     */
    static final long HOLDOUT_STACK_NANOS = 10_000_000;
    /** goid for "no goroutine": the P was idle, in a system call, or its M was in the scheduler. */
    static final long NO_G = -1;

    /** Whether P pp still holds the round up (its status, or its pending safe-point function). Racy read. */
    private final Predicate<P> holdsOut;

    private long beginNanos;
    private boolean inRound;
    private long[] goidAtBegin = new long[0];
    private int lastP;
    private long lastStopNanos;
    private boolean sampled;
    private long[] sampledGoid = new long[0];
    private String[] sampledStack = new String[0];

    private volatile long rounds;
    private volatile long lastNanos;
    private volatile long lastGoid = NO_G;
    private volatile String lastStack;
    private volatile long maxNanos;
    private volatile long maxGoid = NO_G;
    private volatile String maxStack;

    TimeToSafePoint(Predicate<P> holdsOut) {
        this.holdsOut = holdsOut;
    }

    /** A round starts: the request is being posted. Caller is the stopper, under sched.lock; allp is stable. */
    void begin(P[] allp) {
        if (goidAtBegin.length < allp.length) {
            goidAtBegin = new long[allp.length];
            sampledGoid = new long[allp.length];
            sampledStack = new String[allp.length];
        }
        for (P pp : allp) {
            M mp = pp.m;
            G gp = mp == null ? null : mp.curg;
            goidAtBegin[pp.id] = gp == null ? NO_G : gp.goid;
        }
        if (sampled) {
            Arrays.fill(sampledStack, null);
            sampled = false;
        }
        lastP = -1;
        inRound = true;
        beginNanos = System.nanoTime();
    }

    /**
     * The stopper's own pass is over: the Ps it stopped at once are stopped as of now. Caller is the stopper,
     * under sched.lock.
     */
    void passEnded() {
        lastStopNanos = System.nanoTime();
    }

    /**
     * P pp has stopped for the round, after the stopper's pass. Caller holds sched.lock (whoever stopped pp).
     * Outside a round: nothing.
     */
    void stopped(P pp) {
        if (inRound) {
            lastP = pp.id;
            lastStopNanos = System.nanoTime();
        }
    }

    /**
     * The stopper's wait woke without the round complete: once the round has lasted the threshold, captures the
     * goid and stack of the G on each P still holding out (once per round). Caller is the stopper, in its wait,
     * without sched.lock (a stack capture can take a while); the reads of the Ps are racy.
     */
    void sample(P[] allp) {
        if (sampled || System.nanoTime() - beginNanos < HOLDOUT_STACK_NANOS) {
            return;
        }
        sampled = true;
        for (P pp : allp) {
            if (holdsOut.test(pp)) {
                M mp = pp.m;
                G gp = mp == null ? null : mp.curg;
                sampledGoid[pp.id] = gp == null ? NO_G : gp.goid;
                sampledStack[pp.id] = GStack.capture(gp, mp);
            }
        }
    }

    /** The round completed: every P stopped. Caller is the stopper, after its wait (or its pass) ended. */
    void end() {
        inRound = false;
        long nanos = lastStopNanos - beginNanos;
        long goid = NO_G;
        String stack = null;
        if (lastP >= 0) {
            boolean seen = sampled && sampledStack[lastP] != null;
            goid = seen ? sampledGoid[lastP] : goidAtBegin[lastP];
            stack = seen ? sampledStack[lastP] : null;
        }
        lastNanos = nanos;
        lastGoid = goid;
        lastStack = stack;
        if (nanos > maxNanos) {
            maxNanos = nanos;
            maxGoid = goid;
            maxStack = stack;
        }
        rounds = rounds + 1;                             // one writer: the worldsema holder
    }

    /** The figures so far, for RuntimeStats (racy reads: one round's figures may mix with the next's). */
    RuntimeStats.TimeToSafePoint snapshot() {
        long last = lastNanos;
        long max = maxNanos;
        return new RuntimeStats.TimeToSafePoint(rounds, last, max, holdout(lastGoid, last, lastStack),
                holdout(maxGoid, max, maxStack));
    }

    private static RuntimeStats.Holdout holdout(long goid, long nanos, String stack) {
        return goid == NO_G ? null : new RuntimeStats.Holdout(goid, nanos, stack);
    }
}
