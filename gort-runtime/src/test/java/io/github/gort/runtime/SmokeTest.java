package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void spawnAndWait() {
        AtomicLong sum = new AtomicLong();
        for (int procs : new int[] {1, 2, 4}) {
            GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(procs));
            rt.run(() -> {
                WaitGroup wg = new WaitGroup();
                int n = 100_000;
                wg.add(n);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> { sum.incrementAndGet(); Go.gosched(); wg.done(); });
                }
                wg.await();
            });
            rt.checkInvariants();
            System.out.println(procs + " " + rt.stats());
        }
        assertThat(sum.get()).isEqualTo(300_000);
    }
}
