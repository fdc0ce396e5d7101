package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoroutineMode;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite runs once per goroutine mode (the build's default and continuation-mode executions): this
 * checks that each execution really runs the mode it says, so that a broken switch cannot let one mode go untested.
 */
class GoroutineModeTest {
    @Test
    void goroutinesRunInTheModeOfThisTestExecution() {
        GoroutineMode expected = TestRuntimes.inTestMode(Config.defaults()).goroutineMode();
        AtomicReference<Thread> main = new AtomicReference<>();
        AtomicReference<Thread> child = new AtomicReference<>();
        TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
            main.set(Thread.currentThread());
            io.github.gort.sync.WaitGroup wg = new io.github.gort.sync.WaitGroup();
            wg.add(1);
            Go.go(() -> {
                child.set(Thread.currentThread());
                wg.done();
            });
            wg.await();
        });
        boolean virtual = expected == GoroutineMode.VIRTUAL_THREAD;
        assertThat(main.get().isVirtual()).as("main goroutine's thread is virtual in " + expected).isEqualTo(virtual);
        assertThat(child.get().isVirtual()).as("a goroutine's thread is virtual in " + expected).isEqualTo(virtual);
        if (virtual) {
            assertThat(child.get()).as("each goroutine its own thread").isNotSameAs(main.get());
        }
    }
}
