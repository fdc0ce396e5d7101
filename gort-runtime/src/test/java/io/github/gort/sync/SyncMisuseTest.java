package io.github.gort.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Misusing sync types, with Go 1.19's outcomes (sync/mutex.go, rwmutex.go, waitgroup.go). Unlocking an unlocked
 * Mutex or RWMutex is a fatal error, which no recover catches: the runtime stops, prints
 * {@code fatal error: sync: ...}, and {@link GoRuntime#run} throws {@link FatalError}, even if the goroutine catches
 * what unlock threw. A negative WaitGroup counter is an ordinary panic.
 */
class SyncMisuseTest {
    /** Runs main, which catches everything its misuse throws (Go's recover), and returns what run threw. */
    private static Throwable runRecovering(Runnable misuse, AtomicBoolean recovered, String[] stderr) {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(1));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Throwable thrown = null;
        try {
            rt.run(() -> {
                try {
                    misuse.run();
                } catch (Throwable t) {
                    recovered.set(true);                          // Go: defer func() { recover() }()
                }
            });
        } catch (Throwable t) {
            thrown = t;
        } finally {
            System.setErr(saved);
        }
        stderr[0] = err.toString(StandardCharsets.UTF_8);
        assertThat(rt.leftoverThreads()).isEmpty();
        return thrown;
    }

    private static void assertFatal(Runnable misuse, String goText) {
        AtomicBoolean recovered = new AtomicBoolean();
        String[] stderr = new String[1];
        Throwable thrown = runRecovering(misuse, recovered, stderr);
        assertThat(thrown).as("what GoRuntime.run threw (the goroutine caught the error: %s)", recovered.get())
                .isInstanceOf(FatalError.class).hasMessage(goText);
        assertThat(((FatalError) thrown).goMessage()).isEqualTo("fatal error: " + goText);
        assertThat(stderr[0]).as("stderr").startsWith("fatal error: " + goText + "\n");
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
        String[] stderr = new String[1];
        Throwable thrown = runRecovering(() -> new WaitGroup().done(), recovered, stderr);
        assertThat(thrown).as("the recovered panic does not stop the runtime").isNull();
        assertThat(recovered).isTrue();
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(1).printPanics(false));
        assertThatThrownBy(() -> rt.run(() -> new WaitGroup().add(-1))).isInstanceOf(GoPanic.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("sync: negative WaitGroup counter");
    }
}
