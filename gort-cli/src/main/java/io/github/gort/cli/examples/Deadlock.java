package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;

/** Every goroutine waits forever: Go's {@code fatal error: all goroutines are asleep - deadlock!}, exit status 2. */
final class Deadlock implements Example {
    @Override
    public String name() {
        return "deadlock";
    }

    @Override
    public String description() {
        return "every goroutine waits forever: Go's deadlock detection, exit status 2";
    }

    @Override
    public int main(List<String> args) {
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        Go.go(wg::done);               // one of two: the second done never comes
        wg.await();
        return 0;
    }
}
