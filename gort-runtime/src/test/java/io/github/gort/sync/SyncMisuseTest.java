package io.github.gort.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.testing.TestRuntimes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Misusing sync types, with Go 1.19's outcomes (sync/mutex.go, rwmutex.go, waitgroup.go). Unlocking an unlocked
 * Mutex or RWMutex is a fatal error, which no recover catches: the runtime stops, prints
 * {@code fatal error: sync: ...}, and {@link GoRuntime#run} throws {@link FatalError}, even if the goroutine catches
 * what unlock threw. A negative WaitGroup counter is an ordinary panic.
 */
class SyncMisuseTest {
    /** Runs main, which catches everything its misuse throws (Go's recover), and returns how the runtime ended. */
    private static TestRuntimes.Crash runRecovering(Runnable misuse, AtomicBoolean recovered) {
        return TestRuntimes.crash(Config.defaults().gomaxprocs(1), () -> {
            try {
                misuse.run();
            } catch (Throwable t) {
                recovered.set(true);                          // Go: defer func() { recover() }()
            }
        });
    }

    private static void assertFatal(Runnable misuse, String goText) {
        AtomicBoolean recovered = new AtomicBoolean();
        TestRuntimes.Crash crash = runRecovering(misuse, recovered);
        Throwable thrown = crash.thrown();
        assertThat(thrown).as("what GoRuntime.run threw (the goroutine caught the error: %s)", recovered.get())
                .isInstanceOf(FatalError.class).hasMessage(goText);
        assertThat(((FatalError) thrown).goMessage()).isEqualTo("fatal error: " + goText);
        assertThat(crash.stderr()).as("stderr").startsWith("fatal error: " + goText + "\n");
    }

    @Test
    void unlockOfAnUnlockedMutexIsFatal() {
        assertFatal(() -> new Mutex().unlock(), "sync: unlock of unlocked mutex");
        assertFatal(() -> {
            Mutex mu = new Mutex();
            mu.lock();
            mu.unlock();
            mu.unlock();
        }, "sync: unlock of unlocked mutex");
    }

    @Test
    void unlockOfAnUnlockedRWMutexIsFatal() {
        assertFatal(() -> new RWMutex().unlock(), "sync: Unlock of unlocked RWMutex");
        assertFatal(() -> new RWMutex().runlock(), "sync: RUnlock of unlocked RWMutex");
        assertFatal(() -> {
            RWMutex rw = new RWMutex();
            rw.lock();
            rw.runlock();                                     // Go: readerCount was -rwmutexMaxReaders
        }, "sync: RUnlock of unlocked RWMutex");
    }

    @Test
    void aNegativeWaitGroupCounterIsAPanicThatRecoverCatches() {
        // Go: panic("sync: negative WaitGroup counter"); recoverable, unlike the fatal errors above.
        AtomicBoolean recovered = new AtomicBoolean();
        TestRuntimes.run(1, () -> {
            try {
                new WaitGroup().done();
            } catch (Throwable t) {
                recovered.set(true);                          // Go: defer func() { recover() }()
            }
        });
        assertThat(recovered).as("the recovered panic does not stop the runtime").isTrue();
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(1), () -> new WaitGroup().add(-1)))
                .isInstanceOf(GoPanic.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("sync: negative WaitGroup counter");
    }
}
