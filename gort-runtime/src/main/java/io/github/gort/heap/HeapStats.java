package io.github.gort.heap;

/**
 * A snapshot of one heap's GC figures (racy reads of counters; exact once the runtime has stopped).
 *
 * @param gcCycles          completed GC cycles
 * @param maxPauseNanos     the longest stop-the-world pause of any cycle, from the stop request to the restart
 * @param totalPauseNanos   the sum of all pauses
 * @param forEachPRounds    forEachP rounds run by gcMarkDone (each disposes every P's gcWork)
 * @param workbufsMoved     workbufs those rounds returned to the global lists
 * @param checkmarkCycles   cycles verified by checkmark (GODEBUG=gccheckmark=1)
 * @param heapLiveBytes     bytes allocated or reserved since the last mark, plus what that mark found live
 * @param heapMarkedBytes   bytes marked live by the last cycle
 * @param heapGoalBytes     the heap size at which the next cycle should end (GOGC)
 * @param heapInUseBytes    bytes of spans in use
 * @param limitBytes        the heap limit
 * @param allocatedObjects  objects allocated (counted when spans leave an mcache)
 * @param freedObjects      objects freed by sweeping
 * @param assists           mutator assists during mark
 * @param maxRestartWakeNanos the longest time a restart spent waking idle Ms after the world had restarted (kept
 *                          apart from the pauses: one thread wakeup can cost a scheduler tick on a busy machine)
 * @param allocatedBytes    bytes of the objects counted in allocatedObjects
 */
public record HeapStats(long gcCycles, long maxPauseNanos, long totalPauseNanos, long forEachPRounds,
                        long workbufsMoved, long checkmarkCycles, long heapLiveBytes, long heapMarkedBytes,
                        long heapGoalBytes, long heapInUseBytes, long limitBytes, long allocatedObjects,
                        long freedObjects, long assists, long maxRestartWakeNanos,
                        long allocatedBytes) {
}
