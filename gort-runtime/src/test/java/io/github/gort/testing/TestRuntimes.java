package io.github.gort.testing;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * Runtimes started by tests. {@link RuntimeInvariantsExtension} checks each one after every test: the scheduler
 * invariants (SchedInvariants) and that none of its threads outlived it.
 */
public final class TestRuntimes {
    private static final List<GoRuntime> STARTED = new ArrayList<>();

    private TestRuntimes() {}

    /** Runs main on a new runtime with config and registers it for the after-test checks. */
    public static GoRuntime run(Config config, Runnable main) {
        GoRuntime rt = new GoRuntime(config.printPanics(false));
        register(rt);
        rt.run(main);
        return rt;
    }

    public static synchronized void register(GoRuntime rt) {
        STARTED.add(rt);
    }

    static synchronized List<GoRuntime> drain() {
        List<GoRuntime> out = new ArrayList<>(STARTED);
        STARTED.clear();
        return out;
    }

    /** Scale factor for stress sizes: -Dgort.stress=N (default 1). */
    public static int stress() {
        return Integer.getInteger("gort.stress", 1);
    }
}
