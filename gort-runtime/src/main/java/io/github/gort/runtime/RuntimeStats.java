package io.github.gort.runtime;

import io.github.gort.internal.scheduler.Sched;

/**
 * A snapshot of one runtime's counters (racy reads of monotonic counters; exact once the runtime has stopped).
 *
 * @param goroutinesCreated  goroutines started, the main one included
 * @param goroutinesExited   goroutines that finished
 * @param steals             successful work steals
 * @param preemptions        goroutines that yielded because the runtime asked them to
 * @param syscalls           system calls entered (Go.syscall and Go.blockingSyscall)
 * @param syscallFastExits   exits that took a P back at once
 * @param syscallSlowExits   exits that found no P: the goroutine waited on the global queue
 * @param handoffs           handoffp calls
 * @param retakes            Ps sysmon took back from system calls
 * @param forEachPRounds     completed forEachP rounds
 * @param stwRounds          completed stop-the-world rounds
 * @param threads            Ms created
 * @param maxRestartWakeNanos the longest time startTheWorld spent waking idle Ms after the world had restarted
 *                            (not part of a stop-the-world pause; one thread wakeup can cost a scheduler tick)
 * @param pinnedPolls        loop polls (gort-agent) that found their goroutine asked to yield on a stack that
 *                           cannot yield (a class initializer, a native frame)
 * @param stopTheWorldTtsp   how long stop-the-world rounds took to stop every P, and who held out
 * @param forEachPTtsp       how long forEachP rounds took until every P had run the function, and who held out
 */
public record RuntimeStats(long goroutinesCreated, long goroutinesExited, long steals, long preemptions,
                           long syscalls, long syscallFastExits, long syscallSlowExits, long handoffs,
                           long retakes, long forEachPRounds, long stwRounds, int threads,
                           long maxRestartWakeNanos, long pinnedPolls, TimeToSafePoint stopTheWorldTtsp,
                           TimeToSafePoint forEachPTtsp) {
    static RuntimeStats of(Sched s) {
        Sched.Stats st = s.stats;
        return new RuntimeStats(s.goroutinesCreated(), s.goroutinesExited(), st.steals.sum(), st.preempts.sum(),
                st.syscalls.sum(), st.syscallFastExits.sum(), st.syscallSlowExits.sum(), st.handoffs.sum(),
                st.retakes.sum(), st.forEachPRounds.sum(), st.stwRounds.sum(), s.mcount(),
                s.world.maxWakeTailNanos, st.pinnedPolls.sum(), s.world.timeToSafePoint(),
                s.safePoint.timeToSafePoint());
    }

    /**
     * Time to safe point of one kind of round (stop-the-world, or forEachP): from the round's request to the
     * moment the last P stopped (ran the function), over the runtime's life. A round cut short by the runtime's
     * exit is not counted.
     *
     * @param rounds    completed rounds
     * @param lastNanos the last round's time to safe point, in nanoseconds
     * @param maxNanos  the longest round's time to safe point, in nanoseconds
     * @param last      the last round's holdout; null when it waited for no P (every other P was idle or in a
     *                  system call, or stopped before the requester's own pass ended) or no goroutine was seen on
     *                  that P
     * @param longest   the longest round's holdout, null as for last
     */
    public record TimeToSafePoint(long rounds, long lastNanos, long maxNanos, Holdout last, Holdout longest) {}

    /**
     * The goroutine that held a round up: the one running on the last P to stop.
     *
     * @param goid  its goroutine id
     * @param nanos how long the round waited for it (its round's time to safe point), in nanoseconds
     * @param stack its stack, innermost frame first, one a line, taken while it held out, if it held out longer
     *              than 10 ms (Go's forcePreemptNS); {@code "stack unavailable: <why>"} if it could not be taken;
     *              null for a quicker holdout
     */
    public record Holdout(long goid, long nanos, String stack) {}
}
