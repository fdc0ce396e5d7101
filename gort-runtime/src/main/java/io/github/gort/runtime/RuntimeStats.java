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
 */
public record RuntimeStats(long goroutinesCreated, long goroutinesExited, long steals, long preemptions,
                           long syscalls, long syscallFastExits, long syscallSlowExits, long handoffs,
                           long retakes, long forEachPRounds, long stwRounds, int threads,
                           long maxRestartWakeNanos, long pinnedPolls) {
    static RuntimeStats of(Sched s) {
        Sched.Stats st = s.stats;
        return new RuntimeStats(st.gCreated.sum(), st.gExited.sum(), st.steals.sum(), st.preempts.sum(),
                st.syscalls.sum(), st.syscallFastExits.sum(), st.syscallSlowExits.sum(), st.handoffs.sum(),
                st.retakes.sum(), st.forEachPRounds.sum(), st.stwRounds.sum(), s.mcount(),
                s.world.maxWakeTailNanos, st.pinnedPolls.sum());
    }
}
