package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The P ownership protocols under the model checker (issue: syscalls, sysmon, forEachP). Each protocol is checked
 * over the real classes, and each has a seeded bug that the checker must find.
 */
class ProtocolLincheckTest {
    private static ModelCheckingOptions threeActors(int iterations, int invocations) {
        return ModelChecks.protocolOptions(iterations, invocations).threads(3).actorsPerThread(1)
                .actorsBefore(0).actorsAfter(0);
    }

    @Test
    void exitsyscallFastPathAgainstRetake() {
        ModelChecks.check(threeActors(10, 2000), ExitsyscallRetakeModel.class, 10, 2000);
    }

    @Test
    void exitsyscallWithAPlainStoreIsCaught() {
        String report = ModelChecks.expectFailure(threeActors(10, 2000), ExitsyscallRetakeModel.PlainStoreExit.class);
        assertThat(report).containsAnyOf("owned by 2 Ms", "acquirep: invalid p state", "bad p status", "places");
    }

    @Test
    void exitsyscallFastPathAgainstForEachP() {
        ModelChecks.check(threeActors(10, 2000), ExitsyscallRetakeModel.AgainstForEachP.class, 10, 2000);
    }

    @Test
    void forEachPRunsOncePerPWhilePsChange() {
        ModelChecks.check(threeActors(10, 2000), ForEachPModel.class, 10, 2000);
    }

    @Test
    void goingIdleWithAPendingFunctionIsCaught() {
        String report = ModelChecks.expectFailure(threeActors(10, 2000), ForEachPModel.IdleWithPendingFn.class);
        assertThat(report).contains("idle with its safe-point function pending");
    }
}
