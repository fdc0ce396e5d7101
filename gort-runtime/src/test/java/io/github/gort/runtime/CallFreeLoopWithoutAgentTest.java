package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.testing.SleeperAgainstLoop;
import io.github.gort.testing.SleeperAgainstLoop.Race;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without gort-agent (this execution loads none), the documented behaviour (README, "Preemption of loops"): a
 * goroutine in a loop without runtime calls keeps its P until the loop ends, as in Go before 1.14. At GOMAXPROCS=1
 * a goroutine sleeping 1 ms runs again only after the loop's end, although the runtime did ask the loop to yield
 * (sysmon after 10 ms: the poll flag is up, and nobody polls it). The loop is bounded, {@link #LOOP}, so the test
 * ends; the ordering is certain (one P), so the assertion needs no time bound.
 */
class CallFreeLoopWithoutAgentTest {
    private static final Duration LOOP = Duration.ofMillis(300);

    @Test
    void withoutTheAgentPreemptionReportsNoAgent() {
        assertThat(System.getProperty("gort.agent")).as("gort-agent's status property (set by its premain)").isNull();
        assertThat(GoRuntime.preemption()).isEqualTo(Preemption.NO_AGENT);
        assertThat(GoRuntime.preemption().describe()).contains("-javaagent:");
    }

    @Test
    void aCallFreeLoopKeepsTheOnlyPUntilItEndsAndTheSleeperWakesAfterIt() {
        Race r = SleeperAgainstLoop.race(Config.defaults(), LOOP);
        System.out.printf("CallFreeLoopWithoutAgentTest [%s] %s%n",
                System.getProperty("gort.test.goroutines", "virtualthread"), r.summary());
        assertThat(r.loopEnd() - r.loopStart()).as("the loop's length (ns)").isGreaterThanOrEqualTo(LOOP.toNanos());
        assertThat(r.wokeAt()).as("when the 1 ms sleeper ran again, against the loop's end (nanoTime)")
                .isGreaterThanOrEqualTo(r.loopEnd());
        assertThat(r.flagSeen()).as("loop passes that saw the runtime's request (the poll flag up)").isPositive();
    }
}
