package io.github.gort.internal.collector;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pacer: when the next cycle starts, how large the heap may grow, and how much mark work a mutator owes for
 * what it allocates during mark (Go: mgcpacer.go, gcControllerState with heapMarked, the heap goal, the trigger,
 * assistWorkPerByte, assistTime and the mark workers' time; gcTrigger.test for the heap trigger).
 *
 * <h2>The arithmetic</h2>
 * <ul>
 * <li>Goal after a cycle that marked M bytes: {@code max(minHeapBytes, M + M * GOGC / 100)}; with GOGC off
 *     ({@code gogc < 0}) no goal ({@link Long#MAX_VALUE}).
 * <li>Trigger: 70% of the way from M to the goal, {@code M + (goal - M) * 7 / 10}; with GOGC off, never. Before
 *     the first cycle the goal is {@code minHeapBytes} and the trigger 7/8 of it.
 * <li>Assist ratio, set at mark start: scan bytes owed per byte allocated, {@code max(0.25, max(M, minHeapBytes) /
 *     max(1, goal - trigger))}: the work expected (the last live heap) spread over the room left between trigger
 *     and goal.
 * <li>A P pays once its debt reaches {@code assistBytes}; it owes {@code debt * ratio} bytes of scan work.
 * </ul>
 *
 * <pre>
 * field                        writer                                readers                    mode
 * minHeapBytes, assistBytes    constructor                           everyone                   final
 * heapMarked, heapGoal,        commit, by the coordinator at mark    triggers (any goroutine),  volatile
 *  heapTrigger                 termination (world stopped)           stats, OutOfHeapError
 * assistRatio                  startCycle, at mark start (STW)       assisting mutators         volatile
 * assists, assistNanos,        assisting mutators and mark workers   stats; the gctrace line    LongAdder
 *  markWorkerNanos             (any P)                               (which resets the times)
 * </pre>
 * Invariants: I1 {@code heapTrigger <= heapGoal}, both {@link Long#MAX_VALUE} when GOGC is off after a cycle;
 * I2 {@code heapGoal >= minHeapBytes}; I3 {@code assistRatio >= 0.25}.
 */
public final class GcPacer {
    private final long minHeapBytes;
    private final long assistBytes;
    private volatile long heapMarked;
    private volatile long heapGoal;
    private volatile long heapTrigger;
    private volatile double assistRatio = 1.0;
    private final LongAdder assists = new LongAdder();
    private final LongAdder assistNanos = new LongAdder();
    private final LongAdder markWorkerNanos = new LongAdder();

    GcPacer(long minHeapBytes, long assistBytes) {
        this.minHeapBytes = minHeapBytes;
        this.assistBytes = assistBytes;
        this.heapGoal = minHeapBytes;
        this.heapTrigger = minHeapBytes * 7 / 8;
    }

    /** True if a heap of heapLive bytes has reached the trigger under gogc. Any goroutine. Go: gcTrigger.test. */
    boolean heapTriggered(long heapLive, int gogc) {
        return gogc >= 0 && heapLive >= heapTrigger;
    }

    /** Mark start, world stopped: sets the assist ratio for this cycle. Go: gcControllerState.startCycle. */
    void startCycle() {
        assistRatio = Math.max(0.25, (double) Math.max(heapMarked, minHeapBytes) / Math.max(1, heapGoal - heapTrigger));
    }

    /**
     * Mark termination, world stopped: the cycle marked {@code marked} bytes; sets the goal and trigger of the
     * next cycle under gogc. Go: gcControllerState.commit.
     */
    void commit(long marked, int gogc) {
        heapMarked = marked;
        long goal = gogc < 0 ? Long.MAX_VALUE : Math.max(minHeapBytes, marked + marked * gogc / 100);
        heapGoal = goal;
        heapTrigger = gogc < 0 ? Long.MAX_VALUE : marked + (goal - marked) * 7 / 10;
    }

    /** True if a P that allocated debtBytes during mark without paying must assist now. Caller owns the P. */
    boolean assistDue(long debtBytes) {
        return debtBytes >= assistBytes;
    }

    /** The scan work, in bytes, that debtBytes of allocation during mark owes. Go: assistWorkPerByte * debt. */
    long scanWorkOwed(long debtBytes) {
        return (long) (debtBytes * assistRatio);
    }

    /** One assist took nanos (Go: gcController.assistTime). Any P. */
    void recordAssist(long nanos) {
        assists.increment();
        assistNanos.add(nanos);
    }

    /** A mark worker drained for nanos (Go: gcController.dedicatedMarkTime). Any P. */
    void recordMarkWork(long nanos) {
        markWorkerNanos.add(nanos);
    }

    /** The assist time since the last call, reset to 0. The gctrace line. */
    long takeAssistNanos() {
        return assistNanos.sumThenReset();
    }

    /** The mark workers' time since the last call, reset to 0. The gctrace line. */
    long takeMarkWorkerNanos() {
        return markWorkerNanos.sumThenReset();
    }

    /** Bytes marked by the last cycle (Go: gcController.heapMarked); 0 before the first. */
    public long heapMarked() {
        return heapMarked;
    }

    /** The heap goal of the coming cycle; {@link Long#MAX_VALUE} when GOGC is off. Go: gcController.heapGoal. */
    public long heapGoal() {
        return heapGoal;
    }

    /** The heap size at which the next cycle starts; {@link Long#MAX_VALUE} when GOGC is off. */
    long heapTrigger() {
        return heapTrigger;
    }

    /** Scan bytes owed per byte allocated during the current mark. */
    double assistRatio() {
        return assistRatio;
    }

    /** Assists run so far (stats). */
    long assists() {
        return assists.sum();
    }
}
