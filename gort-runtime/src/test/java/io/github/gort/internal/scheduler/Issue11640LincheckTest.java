package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.SyscallOrder;
import io.github.gort.diagnosis.WorkbufListViolation;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checks the interleaving of golang/go#11640 (the seed commit's message) over the real classes (Sched,
 * Syscall.reentersyscall,
 * SafePoint.forEachPBegin, Handoff.handoffp/startm/acquirep, PLocal gcWork, WorkbufLists), with the per-P gcWork
 * and workbufs of the GC rather than a test cache: three actors, one operation each. Fixed order: no interleaving
 * breaks anything. Legacy order: the checker must find an interleaving in which M1 disposes P1's gcWork while M2
 * owns P1, and print it. The legacy model reaches P1's gcWork without PLocal's debug owner check
 * (Issue11640Fixture.Lookup.UNCHECKED, as production runs with checks off), so what the checker finds is the
 * workbuf assertion Go hit (a WorkbufListViolation), not the owner check that would fire before it. Actors record
 * runtime errors in {@link Violations}, checked in {@code @Validate}.
 */
class Issue11640LincheckTest {
    /** The fixed order. Annotations live in the concrete models only (Lincheck scans the whole hierarchy). */
    public static class FixedModel {
        private final Violations v = new Violations();
        private final Issue11640Fixture f = new Issue11640Fixture(SyscallOrder.FIXED, Issue11640Fixture.Lookup.OWNER_CHECKED);

        @Operation(runOnce = true)
        public void m1EnterSyscall() {
            v.actor("m1EnterSyscall", f::m1EnterSyscall);
        }

        @Operation(runOnce = true)
        public void cForEachPDispose() {
            v.actor("cForEachPDispose", f::cForEachPDispose);
        }

        @Operation(runOnce = true)
        public void m2AcquireAndDrain() {
            v.actor("m2AcquireAndDrain", f::m2AcquireAndDrain);
        }

        @Validate
        public void invariants() {
            v.check();
            f.checkInvariants();
        }
    }

    /** The legacy order: the same three roles. */
    public static class LegacyModel {
        private final Violations v = new Violations();
        private final Issue11640Fixture f = new Issue11640Fixture(SyscallOrder.LEGACY_UNSAFE, Issue11640Fixture.Lookup.UNCHECKED);

        @Operation(runOnce = true)
        public void m1EnterSyscall() {
            v.actor("m1EnterSyscall", f::m1EnterSyscall);
        }

        @Operation(runOnce = true)
        public void cForEachPDispose() {
            v.actor("cForEachPDispose", f::cForEachPDispose);
        }

        @Operation(runOnce = true)
        public void m2AcquireAndDrain() {
            v.actor("m2AcquireAndDrain", f::m2AcquireAndDrain);
        }

        @Validate
        public void invariants() {
            v.check();
            f.checkInvariants();
        }
    }

    private static ModelCheckingOptions options(int iterations, int invocations) {
        return ModelChecks.protocolOptions(iterations, invocations).threads(3).actorsPerThread(1)
                .actorsBefore(0).actorsAfter(0);
    }

    @Test
    void fixedOrderHasNoBadInterleaving() {
        ModelChecks.check(options(10, 1_000), FixedModel.class, 10, 1_000);
    }

    @Test
    void legacyOrderIsCaught() {
        long t0 = System.nanoTime();
        // C's forEachPBegin runs as one step here (its own interleavings are ForEachPModel's subject), so the
        // checker spends its thread switches on M1's dispose racing M2's use of P1's gcWork.
        String report = ModelChecks.expectFailure(options(10, 2_000).minimizeFailedScenario(false)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(SafePoint.class.getName())
                        .methods("forEachPBegin").treatAsAtomic()), LegacyModel.class);
        System.out.printf("golang/go#11640 legacy order caught by the model checker in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(report).containsAnyOf("WorkbufListViolation", "workbuf is", "torn (invariant 28)",
                "expected once", "while it is ON_");
    }
}
