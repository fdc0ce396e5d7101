package io.github.gort.internal.scheduler;

import io.github.gort.testing.TestRuntimes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the local run queue over the real {@link Runq}: the owner puts and gets (runnext included),
 * thieves steal into their own queues, and the ring has 4 slots so overflow to the global queue is reachable
 * (Go: 256; tokio's loom trick).
 *
 * <p>The property is conservation, not linearizability: Go's {@code runqputnext} swaps runnext and only then
 * pushes the displaced G into the ring, so a thief can see an empty ring and the new runnext, a state no
 * sequential run has (Lincheck found exactly this when results were compared). That loses nothing, and it is
 * Go's design. So every G taken is counted; a G taken twice fails at once, and {@code @Validate} checks after
 * every interleaving that each G put is taken exactly once or is still in exactly one queue.
 */
public class RunqLincheckTest {
    private static final int MAX_IDS = 64;
    private final Sched sched = new Sched(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(1)));
    private final GlobalRunq global = sched.runq;
    private final P owner = new P(0, global, 4, null);
    private final P[] thieves = {new P(1, global, 4, null), new P(2, global, 4, null)};
    private final AtomicIntegerArray taken = new AtomicIntegerArray(MAX_IDS);
    private int nextId = 1;                              // owner only

    private G g() {
        G gp = new G(sched);
        gp.goid = nextId++;
        return gp;
    }

    private void take(G gp) {
        if (gp != null && taken.incrementAndGet((int) gp.goid) != 1) {
            throw new IllegalStateException("goroutine " + gp.goid + " taken twice");
        }
    }

    @Operation(nonParallelGroup = "owner")
    public void runqput() {
        owner.runq.runqput(g());
    }

    @Operation(nonParallelGroup = "owner")
    public void runqputnext() {
        owner.runq.runqputnext(g());
    }

    @Operation(nonParallelGroup = "owner")
    public void runqget() {
        take(owner.runq.runqget());
    }

    /** Thief 1 steals half of the ring into its own P, then runs all it got. */
    @Operation(nonParallelGroup = "thief1")
    public void runqsteal() {
        P thief = thieves[0];
        take(thief.runq.runqsteal(owner.runq));
        thief.runq.drain().forEach(this::take);
    }

    /** Thief 2 is in its last steal pass: it may take runnext too. */
    @Operation(nonParallelGroup = "thief2")
    public void runqstealWithRunnext() {
        P thief = thieves[1];
        take(thief.runq.runqstealWithRunnext(owner.runq));
        thief.runq.drain().forEach(this::take);
    }

    @Validate
    public void everyGTakenOnceOrQueuedOnce() {
        int[] seen = new int[MAX_IDS];
        for (G gp : owner.runq.snapshot()) {
            seen[(int) gp.goid]++;
        }
        for (G gp : global.snapshot()) {
            seen[(int) gp.goid]++;
        }
        for (int id = 1; id < nextId; id++) {
            int places = seen[id] + taken.get(id);
            if (places != 1) {
                throw new IllegalStateException("goroutine " + id + " is in " + places + " places (taken "
                        + taken.get(id) + " times, queued " + seen[id] + " times)");
            }
        }
        int len = owner.runq.runqlen();
        if (len < 0 || len > 4) {
            throw new IllegalStateException("runq length " + len + " outside 0..4");
        }
    }

    @Test
    void modelCheck() {
        ModelChecks.check(ModelChecks.options(10, 1000).threads(3).actorsPerThread(3), RunqLincheckTest.class, 10, 1000);
    }

    @Test
    void stealThatPublishesHeadWithoutCasIsCaught() {
        String report = ModelChecks.expectFailure(ModelChecks.options(20, 1000).threads(3).actorsPerThread(3),
                BrokenStealRunqModel.class);
        assertThat(report).contains("runqsteal");
    }
}
