package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pacer's arithmetic (Go: mgcpacer.go; the goal is Go's heapMarked * (1 + GOGC/100), at least heapMinimum):
 * goal, trigger and assist ratio for GOGC=100, 50 and off.
 */
class GcPacerTest {
    private static final long MB = 1 << 20;
    private static final long MIN = 4 * MB;
    private static final int GOGC_OFF = -1;

    private final GcPacer pacer = new GcPacer(MIN, 64 << 10);

    @Test
    void beforeTheFirstCycleTheGoalIsTheMinimumAndTheTriggerSevenEighthsOfIt() {
        assertThat(pacer.heapGoal()).isEqualTo(MIN);
        assertThat(pacer.heapTrigger()).isEqualTo(MIN * 7 / 8);
        assertThat(pacer.heapMarked()).isZero();
        assertThat(pacer.heapTriggered(MIN * 7 / 8 - 1, 100)).isFalse();
        assertThat(pacer.heapTriggered(MIN * 7 / 8, 100)).isTrue();
        assertThat(pacer.heapTriggered(MIN * 7 / 8, 50)).isTrue();
        assertThat(pacer.heapTriggered(Long.MAX_VALUE, GOGC_OFF)).as("GOGC=off never triggers").isFalse();
    }

    @Test
    void gogc100DoublesTheMarkedHeapAndTriggersSeventyPercentOfTheWay() {
        pacer.commit(10 * MB, 100);
        assertThat(pacer.heapMarked()).isEqualTo(10 * MB);
        assertThat(pacer.heapGoal()).isEqualTo(20 * MB);
        assertThat(pacer.heapTrigger()).isEqualTo(17 * MB);
        assertThat(pacer.heapTriggered(17 * MB - 1, 100)).isFalse();
        assertThat(pacer.heapTriggered(17 * MB, 100)).isTrue();
        pacer.startCycle();
        assertThat(pacer.assistRatio()).as("10 MB of work over 3 MB of room").isEqualTo(10.0 / 3.0);
        assertThat(pacer.scanWorkOwed(3 * MB)).isEqualTo(10 * MB);
    }

    @Test
    void gogc50AddsHalfTheMarkedHeap() {
        pacer.commit(10 * MB, 50);
        assertThat(pacer.heapGoal()).isEqualTo(15 * MB);
        assertThat(pacer.heapTrigger()).isEqualTo(10 * MB + 5 * MB * 7 / 10);
        pacer.startCycle();
        assertThat(pacer.assistRatio()).isEqualTo((double) (10 * MB) / (15 * MB - pacer.heapTrigger()));
    }

    @Test
    void aSmallHeapKeepsTheMinimumGoal() {
        pacer.commit(MB, 100);
        assertThat(pacer.heapGoal()).as("max(4 MB, 2 MB)").isEqualTo(MIN);
        assertThat(pacer.heapTrigger()).isEqualTo(MB + 3 * MB * 7 / 10);
        pacer.startCycle();
        assertThat(pacer.assistRatio()).as("the work expected is at least the minimum heap")
                .isEqualTo((double) MIN / (MIN - pacer.heapTrigger()));
    }

    @Test
    void gogcOffHasNoGoalAndNoTrigger() {
        pacer.commit(10 * MB, GOGC_OFF);
        assertThat(pacer.heapMarked()).isEqualTo(10 * MB);
        assertThat(pacer.heapGoal()).isEqualTo(Long.MAX_VALUE);
        assertThat(pacer.heapTrigger()).isEqualTo(Long.MAX_VALUE);
        assertThat(pacer.heapTriggered(Long.MAX_VALUE, GOGC_OFF)).isFalse();
        pacer.commit(10 * MB, 100);
        assertThat(pacer.heapGoal()).as("GOGC back on: a goal again").isEqualTo(20 * MB);
    }

    @Test
    void theAssistRatioHasAFloorOfAQuarter() {
        pacer.commit(MB, 100_000);                                // a 1001 MB goal: 300 MB of room for 4 MB of work
        pacer.startCycle();
        assertThat(pacer.assistRatio()).isEqualTo(0.25);
    }

    @Test
    void aPAssistsOnceItsDebtReachesAssistBytes() {
        assertThat(pacer.assistDue((64 << 10) - 1)).isFalse();
        assertThat(pacer.assistDue(64 << 10)).isTrue();
    }

    @Test
    void theTraceTakesTheAssistAndWorkerTimeOnce() {
        pacer.recordAssist(300);
        pacer.recordAssist(200);
        pacer.recordMarkWork(1000);
        assertThat(pacer.assists()).isEqualTo(2);
        assertThat(pacer.takeAssistNanos()).isEqualTo(500);
        assertThat(pacer.takeMarkWorkerNanos()).isEqualTo(1000);
        assertThat(pacer.takeAssistNanos()).isZero();
        assertThat(pacer.takeMarkWorkerNanos()).isZero();
        assertThat(pacer.assists()).as("the count is cumulative (HeapStats)").isEqualTo(2);
    }
}
