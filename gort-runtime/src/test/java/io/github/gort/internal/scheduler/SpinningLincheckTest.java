package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The submitter/spinner hand-shake under the model checker: see {@link SpinningModel}. */
class SpinningLincheckTest {
    private static org.jetbrains.lincheck.datastructures.ModelCheckingOptions options() {
        return ModelChecks.protocolOptions(10, 2000).threads(2).actorsPerThread(1).actorsBefore(0).actorsAfter(0);
    }

    @Test
    void noLostWakeup() {
        ModelChecks.check(options(), SpinningModel.class, 10, 2000);
    }

    @Test
    void aSpinnerThatDoesNotLookAgainIsCaught() {
        String report = ModelChecks.expectFailure(options(), SpinningModel.NoRecheck.class);
        assertThat(report).contains("lost wakeup");
    }
}
