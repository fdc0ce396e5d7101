package io.github.gort.internal.netpoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.scheduler.M;
import io.github.gort.testing.TestRuntimes;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the poll descriptor's hand-off (Go: netpoll.go netpollblock, netpollunblock,
 * netpollblockcommit, netpolldeadlineimpl, poll_runtime_pollUnblock) over the real {@link PollDesc}: a reader
 * parks while the poller delivers readiness, a deadline passes and the descriptor closes ({@link PollDescModel}).
 * No interleaving may leave the reader parked (a lost wake-up is a hang Lincheck reports), and every read's
 * outcome must agree with what had happened. The seeded bug ({@link BrokenCommitPollDescModel}, a publish that
 * is not a CAS) must be found: the checker reports the reader hung after a readiness or a close it overwrote.
 */
class PollDescLincheckTest {
    /** Scenarios are small (a read, up to three wakers): many scenarios, few interleavings of each. */
    private static final int ITERATIONS = 20;
    private static final int INVOCATIONS = 100;

    /** The operations are checked in place ({@code @Validate}, checks inside read): a spec that accepts them all. */
    public static class AnyOutcome {
        @Operation
        public void read() {}

        @Operation
        public void dataArrives() {}

        @Operation
        public void deadlinePasses() {}

        @Operation
        public void close() {}
    }

    private static ModelCheckingOptions options(int threads, int actorsPerThread) {
        return new ModelCheckingOptions()
                .iterations(ITERATIONS * TestRuntimes.stress())
                .invocationsPerIteration(INVOCATIONS)
                .threads(threads)
                .actorsPerThread(actorsPerThread)
                .actorsBefore(0)                         // a read in the sequential prefix would have no waker
                .actorsAfter(0)
                .sequentialSpecification(AnyOutcome.class)
                // M.current() in RuntimeLock's debug owner check is bookkeeping, not the protocol: one step
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(M.class.getName())
                        .methods("current", "currentThread").treatAsAtomic());
    }

    /** One read against two wakers at once (readiness and close, readiness and deadline, ...). */
    @Test
    void noLostWakeUpWithTwoWakersRacingOneRead() {
        check(3, 1);
    }

    /** Two reads in a row against two wakers: stale readiness, prepare's reset, a wait after an error. */
    @Test
    void noLostWakeUpAcrossTwoReads() {
        check(2, 2);
    }

    private static void check(int threads, int actorsPerThread) {
        long t0 = System.nanoTime();
        options(threads, actorsPerThread).check(PollDescModel.class);
        System.out.printf("lincheck PollDescModel (%d threads x %d operations): %d iterations x %d invocations = %d"
                        + " interleavings, %.1f s, no failure%n", threads, actorsPerThread,
                ITERATIONS * TestRuntimes.stress(), INVOCATIONS, (long) ITERATIONS * TestRuntimes.stress() * INVOCATIONS,
                (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aPublishThatIsNotACasLosesTheWakeUpAndIsCaught() {
        String report;
        try {
            // Not minimized: dropping the waker from a failing scenario leaves a read that no model could end.
            options(2, 2).minimizeFailedScenario(false).check(BrokenCommitPollDescModel.class);
            throw new IllegalStateException("Lincheck did not find the seeded lost wake-up in BrokenCommitPollDescModel");
        } catch (AssertionError e) {
            report = String.valueOf(e.getMessage());
        }
        System.out.println("lincheck BrokenCommitPollDescModel found the seeded bug:\n"
                + report.substring(0, Math.min(report.length(), 4000)));
        // The waker whose hand-off was lost: readiness (WAIT -> READY) or a close (WAIT -> NIL) between check and store.
        assertThat(report).contains("The execution has hung").contains("read(): <hung>");
    }
}
