package io.github.gort.internal.scheduler;

import io.github.gort.testing.TestRuntimes;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/** Shared Lincheck settings: sizes scale with -Dgort.stress (kotlinx's stressTestMultiplier). */
final class ModelChecks {
    private ModelChecks() {}

    /** {@code iterations x invocations} interleavings explored per test, times the stress factor. */
    static ModelCheckingOptions options(int iterations, int invocations) {
        int s = TestRuntimes.stress();
        return new ModelCheckingOptions()
                .iterations(iterations * s)
                .invocationsPerIteration(invocations);
    }

    /**
     * Options for the scheduler protocols: bookkeeping that is not part of the protocol under test (G status
     * CAS, counters, sysmon wakeups, the P-local lookup with its owner check, the read-only run-queue emptiness
     * check, debug transition checks) runs atomically, so the checker spends its thread switches on the protocol
     * itself (P status, the safe-point flag, the idle lists, the cached data). Each such method is tested on its
     * own elsewhere.
     */
    static ModelCheckingOptions protocolOptions(int iterations, int invocations) {
        return options(iterations, invocations)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                                G.class.getName(), Sched.Stats.class.getName(), Sysmon.class.getName(),
                                PStatus.class.getName(), GStatus.class.getName(), Debug.class.getName(),
                                ModelWorld.class.getName())
                        .allMethods().treatAsAtomic())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(PLocal.class.getName())
                        .methods("get").treatAsAtomic())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(Runq.class.getName())
                        .methods("runqempty").treatAsAtomic())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(M.class.getName())
                        .methods("acquirem", "releasem", "current", "currentThread").treatAsAtomic());
    }

    /** Runs the check and prints what was explored (the figure every issue reports). */
    static void check(ModelCheckingOptions options, Class<?> test, int iterations, int invocations) {
        long t0 = System.nanoTime();
        options.check(test);
        System.out.printf("lincheck %s: %d iterations x %d invocations = %d interleavings, %.1f s, no failure%n",
                test.getSimpleName(), iterations * TestRuntimes.stress(), invocations,
                (long) iterations * TestRuntimes.stress() * invocations, (System.nanoTime() - t0) / 1e9);
    }

    /** Runs a check that must FAIL (a seeded bug); returns Lincheck's report, which the caller prints. */
    static String expectFailure(ModelCheckingOptions options, Class<?> test) {
        try {
            options.check(test);
        } catch (AssertionError e) {
            String report = String.valueOf(e.getMessage());
            System.out.println("lincheck " + test.getSimpleName() + " found the seeded bug:\n"
                    + report.substring(0, Math.min(report.length(), 4000)));
            return report;
        }
        throw new AssertionError("Lincheck did not find the seeded bug in " + test.getSimpleName());
    }
}
