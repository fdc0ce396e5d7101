package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Edges of the go statement and of Goexit: starting goroutines without a P, nil functions, main's Goexit. */
class GoStatementTest {
    @Test
    void goInsideASyscallStartsTheGoroutine() throws Exception {
        for (int procs = 1; procs <= 2; procs++) {
            AtomicInteger ran = new AtomicInteger();
            TestRuntimes.run(Config.defaults().gomaxprocs(procs), () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                try {
                    Go.syscall(() -> {
                        Go.go(() -> { ran.incrementAndGet(); wg.done(); });
                        return null;
                    });
                    Go.blockingSyscall(() -> {
                        Go.go(() -> { ran.incrementAndGet(); wg.done(); });
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                wg.await();                              // parks: no lock count may be left over
                Time.sleep(Duration.ofMillis(1));
            });
            assertThat(ran.get()).as("GOMAXPROCS=%d", procs).isEqualTo(2);
        }
    }

    @Test
    void goOfNilIsFatalInTheCaller() {
        // Go's GoNil test program: the nil go statement is fatal even when the caller recovers.
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(2), () -> {
            try {
                Go.go(null);
            } catch (Throwable recovered) {
                // Go: defer func() { recover() }()
            }
            Chan.<Integer>make(0).recv();                // select {}
        })).isInstanceOf(FatalError.class).hasMessage("go of nil func value");
    }

    @Test
    void goexitOfMainWithNoGoroutineLeftIsADeadlock() {
        // Go's GoexitDeadlock test program.
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(2), () -> {
            Runnable f = () -> {
                for (int i = 0; i < 10; i++) {
                    Go.checkPreempt();
                }
            };
            Go.go(f);
            Go.go(f);
            Go.goexit();
        })).isInstanceOf(FatalError.class).hasMessage("no goroutines (main called runtime.Goexit) - deadlock!");
    }

    @Test
    void goexitOfMainLetsTheOtherGoroutinesRun() {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger deferred = new AtomicInteger();
        assertThat(TestRuntimes.failure(Config.defaults().gomaxprocs(1), () -> {
            Chan<Integer> c = Chan.make(0);
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(20));
                ran.incrementAndGet();
                c.recv();                                // blocks for ever: main is gone
            });
            try {
                Go.goexit();
            } finally {
                deferred.incrementAndGet();              // Goexit runs main's deferred calls
            }
        })).isInstanceOf(FatalError.class).hasMessage("all goroutines are asleep - deadlock!");
        assertThat(ran.get()).as("the other goroutine ran after main's Goexit").isEqualTo(1);
        assertThat(deferred.get()).isEqualTo(1);
    }
}
