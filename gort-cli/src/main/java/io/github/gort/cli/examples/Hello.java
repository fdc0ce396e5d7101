package io.github.gort.cli.examples;

import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import java.util.List;

/** A goroutine prints {@code hello, world}. */
final class Hello implements Example {
    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "a goroutine prints 'hello, world'";
    }

    @Override
    public int main(List<String> args) {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            System.out.println("hello, world");
            wg.done();
        });
        wg.await();
        return 0;
    }
}
