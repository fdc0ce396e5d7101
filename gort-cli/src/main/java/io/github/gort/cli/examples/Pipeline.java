package io.github.gort.cli.examples;

import io.github.gort.context.CancelContext;
import io.github.gort.context.Context;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Select;
import io.github.gort.sync.WaitGroup;
import java.util.List;

/**
 * {@code pipeline [N]}: generator, square, sink, connected by channels; the sink stops after N results and cancels
 * the context, and the stages, blocked in a select on {@code ctx.done()}, end (Go blog: "Pipelines and
 * cancellation").
 */
final class Pipeline implements Example {
    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String description() {
        return "pipeline [N]: generator -> square -> sink; the sink takes N squares (default 10), then cancels the context";
    }

    @Override
    public int main(List<String> args) {
        long n = Example.count(args, 0, 10, "pipeline: N");
        WaitGroup stages = new WaitGroup();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            Chan<Long> nums = Chan.make();
            Chan<Long> squares = Chan.make();
            stages.go(() -> generate(ctx, nums));
            stages.go(() -> square(ctx, nums, squares));
            long sum = 0;
            for (long i = 0; i < n; i++) {
                long sq = squares.recv();
                sum += sq;
                System.out.println(sq);
            }
            System.out.printf("sum of the first %d squares: %d; cancelling (goroutines now: %d)%n", n, sum,
                    Go.numGoroutine());
            ctx.cancel();
            stages.await();                                  // both stages saw ctx.done() and returned
            System.out.println("stages stopped: " + ctx.err());
        }
        return 0;
    }

    /** Sends 1, 2, 3, ... until the context is cancelled. */
    private static void generate(Context ctx, Chan<Long> out) {
        for (long i = 1; ; i++) {
            if (Select.of().send(out, i).recv(ctx.done()).run() == 1) {
                return;                                      // cancelled
            }
        }
    }

    /** Squares what arrives on in and passes it on, until the context is cancelled. */
    private static void square(Context ctx, Chan<Long> in, Chan<Long> out) {
        while (true) {
            long[] v = new long[1];
            if (Select.of().recv(in, x -> v[0] = x).recv(ctx.done()).run() == 1) {
                return;
            }
            if (Select.of().send(out, v[0] * v[0]).recv(ctx.done()).run() == 1) {
                return;
            }
        }
    }
}
