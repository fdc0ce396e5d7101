package io.github.gort.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.runtime.Timer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's {@code sync.TestMutexFairness} (mutex_test.go): one goroutine re-locks the mutex in a loop, holding it for
 * 100 µs each time; another, which locks only every 100 µs, must still get it 10 times within 10 s. In normal mode
 * the woken waiter nearly always loses to the running hammer; it gets the lock because after 1 ms of waiting the
 * mutex enters starvation mode and unlock hands it over.
 */
class MutexFairnessTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aRareLockerGetsTheMutexFromAHammeringOne(int procs) {
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(procs));
        boolean[] acquired = new boolean[1];
        rt.run(() -> {
            Mutex mu = new Mutex();
            Chan<Boolean> stop = Chan.make();
            Chan<Boolean> hammerDone = Chan.make();
            Go.go(() -> {
                boolean[] stopped = new boolean[1];
                Select poll = Select.of().recv(stop, v -> stopped[0] = true).onDefault(() -> { });
                while (!stopped[0]) {
                    mu.lock();
                    Time.sleep(Duration.ofNanos(100_000));
                    mu.unlock();
                    poll.run();
                }
                hammerDone.close();
            });
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    Time.sleep(Duration.ofNanos(100_000));
                    mu.lock();
                    mu.unlock();
                }
                done.send(true);
            });
            Timer timeout = Time.newTimer(Duration.ofSeconds(10));
            acquired[0] = Select.of().recv(done).recv(timeout.c()).run() == 0;
            timeout.stop();
            stop.close();
            hammerDone.recv();
        });
        rt.checkInvariants();
        assertThat(rt.leftoverThreads()).isEmpty();
        assertThat(acquired[0]).as("can't acquire Mutex in 10 seconds").isTrue();
    }
}
