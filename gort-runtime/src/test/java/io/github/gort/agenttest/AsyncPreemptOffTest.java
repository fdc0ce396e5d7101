package io.github.gort.agenttest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Preemption;
import io.github.gort.testing.SleeperAgainstLoop;
import io.github.gort.testing.SleeperAgainstLoop.Race;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GODEBUG=asyncpreemptoff=1}, the runtime's side (README, "Preemption of loops": the runtime raises no
 * flag; goroutines yield only at runtime calls). gort-agent reads the key once, at premain, and this JVM started
 * with the agent on, so the loops here have their polls; the key set now reaches what the runtime reads:
 * {@link GoRuntime#preemption()} and {@link Config#fromEnvironment()}, whose runtime's {@code preemptone} then sets
 * the request without raising the poll flag. The polls stay on their fast path, and at GOMAXPROCS=1 the loop keeps
 * the P until it ends, as without the agent (CallFreeLoopWithoutAgentTest; a JVM started with the key, whose agent
 * rewrites nothing: ModulePathConsumerTest). With the key unset, the same race preempts the loop.
 *
 * <p>The loop runs {@link #LOOP}: with the key unset, the sleeper must wake before the loop's end, which sysmon's
 * 10 ms request makes happen within tens of ms; a whole second is room for a loaded 2-core machine.
 */
class AsyncPreemptOffTest {
    private static final Duration LOOP = Duration.ofSeconds(1);
    private static final String GODEBUG_PROPERTY = "gort.godebug";

    @Test
    void withAsyncpreemptoffTheRuntimeRaisesNoFlagAndTheLoopKeepsItsP() {
        String saved = System.getProperty(GODEBUG_PROPERTY);
        System.setProperty(GODEBUG_PROPERTY, "asyncpreemptoff=1");
        Race r;
        try {
            assertThat(GoRuntime.preemption()).isEqualTo(Preemption.OFF_BY_GODEBUG);
            Config config = Config.fromEnvironment();
            assertThat(config.godebug().asyncpreemptoff()).as("the config's asyncpreemptoff").isTrue();
            r = SleeperAgainstLoop.race(config, LOOP);
        } finally {
            restore(saved);
        }
        print("asyncpreemptoff=1", r);
        assertThat(r.flagSeen()).as("loop passes that saw the poll flag up").isZero();
        assertThat(r.wokeAt()).as("when the 1 ms sleeper ran again, against the loop's end (nanoTime)")
                .isGreaterThanOrEqualTo(r.loopEnd());
    }

    @Test
    void withTheKeyUnsetTheSameLoopIsPreemptedAndTheSleeperWakesDuringIt() {
        assertThat(System.getProperty(GODEBUG_PROPERTY)).as("this JVM's " + GODEBUG_PROPERTY).isNull();
        assertThat(GoRuntime.preemption()).isEqualTo(Preemption.LOOP_POLLS);
        Race r = SleeperAgainstLoop.race(Config.defaults(), LOOP);
        print("key unset", r);
        assertThat(r.wokeAt()).as("when the 1 ms sleeper ran again, against the loop's end (nanoTime)")
                .isLessThan(r.loopEnd());
        assertThat(r.stats().preemptions()).as("goroutines that yielded when asked").isPositive();
    }

    private static void print(String what, Race r) {
        System.out.printf("AsyncPreemptOffTest [%s, %s] %s%n", CallFreeLoopPreemptionTest.mode(), what, r.summary());
    }

    private static void restore(String saved) {
        if (saved == null) {
            System.clearProperty(GODEBUG_PROPERTY);
        } else {
            System.setProperty(GODEBUG_PROPERTY, saved);
        }
    }
}
