package io.github.gort.runtime;

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
