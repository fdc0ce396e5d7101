package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** golang/go#11640 under the model checker: see {@link EntersyscallSafePointModel} for the actors. */
class EntersyscallSafePointLincheckTest {
    @Test
    void fixedOrderHasNoFailingInterleaving() {
        ModelChecks.check(ModelChecks.protocolOptions(10, 2000).threads(3).actorsPerThread(1).actorsBefore(0).actorsAfter(0),
                EntersyscallSafePointModel.class, 10, 2000);
    }

    @Test
    void legacyOrderIsCaughtByTheChecker() {
        String report = ModelChecks.expectFailure(
                ModelChecks.protocolOptions(10, 2000).threads(3).actorsPerThread(1).actorsBefore(0).actorsAfter(0),
                EntersyscallSafePointModel.Legacy.class);
        assertThat(report).containsAnyOf("consumed twice", "does not own the P", "consumed 0 times", "consumed 2 times");
    }
}
