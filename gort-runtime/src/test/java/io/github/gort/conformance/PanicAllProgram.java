package io.github.gort.conformance;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Time;
import java.time.Duration;

/**
 * The Java form of {@code src/test/resources/dumps/panicall.go}, run in its own JVM by GoDumpTest: with
 * {@code GOTRACEBACK=all}, a panic in main prints every goroutine. {@link #main()} is Go's main.main.
 */
public final class PanicAllProgram {
    private PanicAllProgram() {}

    static void sleeper() {
        Time.sleep(Duration.ofHours(1));
    }

    static void receiver(Chan<Integer> c) {
        c.recv();
    }

    static void main() {
        Go.go(() -> sleeper());
        Go.go(() -> receiver(Chan.make()));
        Time.sleep(Duration.ofMillis(100));
        throw new IllegalStateException("boom");
    }

    /** Exits with status 2 after the runtime printed the crash, as a Go program does. */
    public static void main(String[] args) {
        try {
            GoRuntime.run(Config.fromEnvironment(), PanicAllProgram::main);
        } catch (GoPanic | FatalError e) {
            System.exit(2);
        }
    }
}
