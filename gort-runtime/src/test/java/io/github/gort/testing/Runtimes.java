package io.github.gort.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.diagnosis.Diagnosis;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;

/** Test helper: runs main in a fresh runtime, then checks the scheduler invariants and that no thread is left. */
public final class Runtimes {
    private Runtimes() {}

    public static GoRuntime run(int procs, Runnable main) {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(procs));
        rt.run(main);
        Diagnosis.checkInvariants(rt);
        assertThat(rt.leftoverThreads()).as("threads left after shutdown").isEmpty();
        return rt;
    }

    /** Scale for stress tests: -Dgort.stress=N (default 1). */
    public static int stress() {
        return Integer.getInteger("gort.stress", 1);
    }
}
