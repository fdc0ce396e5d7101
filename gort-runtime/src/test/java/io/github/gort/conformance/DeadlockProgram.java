package io.github.gort.conformance;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.sync.Cond;
import io.github.gort.sync.Mutex;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;

/**
 * The Java form of {@code src/test/resources/dumps/deadlock.go}, run in its own JVM by GoDumpTest: goroutines
 * blocked in each way, then main on a channel receive, so that the runtime ends with
 * {@code fatal error: all goroutines are asleep - deadlock!} and every goroutine's block. The methods have the Go
 * functions' names; {@link #main()} is Go's main.main.
 */
public final class DeadlockProgram {
    private DeadlockProgram() {}

    static void selector(Chan<Integer> a, Chan<Integer> b) {
        Select.of().recv(a).recv(b).run();
    }

    static void locker(Mutex mu) {
        mu.lock();
    }

    static void waiter(WaitGroup wg) {
        wg.await();
    }

    static void sender(Chan<Integer> c) {
        c.send(1);
    }

    static void nilReceiver() {
        Chan<Integer> c = Chan.nil();
        c.recv();
    }

    static void noCases() {
        Select.of().run();
    }

    static void condWaiter(Cond c) {
        c.locker().lock();
        c.await();
    }

    static void main() {
        Mutex mu = new Mutex();
        mu.lock();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> selector(Chan.make(), Chan.make()));
        Go.go(() -> locker(mu));
        Go.go(() -> waiter(wg));
        Go.go(() -> sender(Chan.make()));
        Go.go(() -> nilReceiver());
        Go.go(() -> noCases());
        Go.go(() -> condWaiter(new Cond(new Mutex())));
        Time.sleep(Duration.ofMillis(100));
        Chan.<Integer>make().recv();
    }

    /** Exits with status 2 after the runtime printed the crash, as a Go program does. */
    public static void main(String[] args) {
        try {
            GoRuntime.run(Config.fromEnvironment(), DeadlockProgram::main);
        } catch (GoPanic | FatalError e) {
            System.exit(2);
        }
    }
}
