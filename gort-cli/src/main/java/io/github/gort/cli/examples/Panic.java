package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;

/** A goroutine throws: Go's unrecovered panic (the runtime stops, {@code panic: ...} is printed, exit status 2). */
final class Panic implements Example {
    @Override
    public String name() {
        return "panic";
    }

    @Override
    public String description() {
        return "a goroutine throws an exception: Go's panic output, exit status 2";
    }

    @Override
    public int main(List<String> args) {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            throw new IllegalStateException("something went wrong in goroutine " + Go.goid());
        });
        wg.await();
        return 0;
    }
}
