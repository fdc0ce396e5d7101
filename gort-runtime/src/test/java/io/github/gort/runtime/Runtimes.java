package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: runs main in a fresh runtime, then checks the scheduler invariants and that no thread is left. */
final class Runtimes {
    private Runtimes() {}

    static GoRuntime run(int procs, Runnable main) {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(procs));
        rt.run(main);
        rt.checkInvariants();
        assertThat(rt.leftoverThreads()).as("threads left after shutdown").isEmpty();
        return rt;
    }

    /** Scale for stress tests: -Dgort.stress=N (default 1). */
    static int stress() {
        return Integer.getInteger("gort.stress", 1);
    }
}
