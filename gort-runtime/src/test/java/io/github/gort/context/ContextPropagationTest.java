package io.github.gort.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Go;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How cancellation reaches derived contexts, ported from Go's context tests (Go 1.19 context_test.go:
 * TestWithCancel, TestWithCancelCanceledParent, TestCustomContextGoroutines, TestChildFinishesFirst,
 * TestCanceledTimeout). Go's TestWithCancel sleeps 100 ms "to let cancellation propagate"; Go's own contexts need no
 * such wait (a child of a wrapped cancelCtx is attached to it), so these tests check right after cancel() returns.
 */
class ContextPropagationTest {
    /** Go's otherContext and myCtx: a type of its own that embeds a Context, so every method is the embedded one's. */
    static final class OtherContext implements Context {
        final Context inner;

        OtherContext(Context inner) {
            this.inner = inner;
        }

        @Override
        public Chan<Void> done() {
            return inner.done();
        }

        @Override
        public ContextError err() {
            return inner.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        public Object value(Object key) {
            return inner.value(key);
        }
    }

    /** Go's myDoneCtx: embeds a Context but returns a fresh channel of its own from Done. */
    static final class MyDoneContext implements Context {
        final Context inner;

        MyDoneContext(Context inner) {
            this.inner = inner;
        }

        @Override
        public Chan<Void> done() {
            return Chan.make();
        }

        @Override
        public ContextError err() {
            return inner.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        public Object value(Object key) {
            return inner.value(key);
        }
    }

    private static boolean isDone(Context c) {
        return c.done().tryRecv() != null;
    }

    @Test
    void cancelReachesAChildOfAWrappedParentBeforeItReturns() {
        // Go: TestWithCancel, minus the sleep.
        TestRuntimes.run(2, () -> {
            CancelContext c1 = Context.withCancel(Context.background());
            assertThat(c1.toString()).isEqualTo("context.Background.WithCancel");
            Context o = new OtherContext(c1);
            CancelContext c2 = Context.withCancel(o);
            Context[] contexts = {c1, o, c2};
            for (int i = 0; i < contexts.length; i++) {
                assertThat(contexts[i].done().isNil()).as("c[%d].done() is nil", i).isFalse();
                assertThat(contexts[i].err()).as("c[%d].err()", i).isNull();
                assertThat(isDone(contexts[i])).as("<-c[%d].done() should block", i).isFalse();
            }
            c1.cancel();
            for (int i = 0; i < contexts.length; i++) {
                assertThat(isDone(contexts[i])).as("<-c[%d].done() blocked right after cancel() returned", i).isTrue();
                assertThat(contexts[i].err()).as("c[%d].err()", i).isEqualTo(ContextError.CANCELED);
            }
        });
    }

    @Test
    void aDeadlineChildOfAWrappedParentIsCancelledWithIt() {
        // Go: TestCanceledTimeout (there through a sleep), and TestChildFinishesFirst's linkage check.
        TestRuntimes.run(2, () -> {
            CancelContext c = Context.withTimeout(Context.background(), Duration.ofHours(1));
            Context o = new OtherContext(c);
            CancelContext child = Context.withTimeout(o, Duration.ofHours(2));
            assertThat(c.childCount()).as("the child joined the wrapped context's children").isEqualTo(1);
            c.cancel();
            assertThat(isDone(child)).as("<-child.done() blocked right after the parent's cancel() returned").isTrue();
            assertThat(child.err()).isEqualTo(ContextError.CANCELED);
            assertThat(c.childCount()).isZero();
        });
    }

    @Test
    void cancellingAChildRemovesItFromAWrappedParent() {
        // Go: TestChildFinishesFirst / TestCancelRemoves, through a wrapper.
        TestRuntimes.run(2, () -> {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(new OtherContext(parent));
            assertThat(parent.childCount()).isEqualTo(1);
            child.cancel();
            assertThat(parent.childCount()).as("child's cancel removed it from the parent's children").isZero();
            assertThat(isDone(child)).isTrue();
            assertThat(isDone(parent)).isFalse();
            assertThat(parent.err()).isNull();
            parent.cancel();
        });
    }

    @Test
    void aChildOfACancelledParentIsDoneAtOnce() {
        // Go: TestWithCancelCanceledParent, directly and through a wrapper.
        TestRuntimes.run(2, () -> {
            CancelContext parent = Context.withCancel(Context.background());
            parent.cancel();
            for (Context p : new Context[] {parent, new OtherContext(parent)}) {
                CancelContext c = Context.withCancel(p);
                assertThat(isDone(c)).as("child of %s", p).isTrue();
                assertThat(c.err()).isEqualTo(ContextError.CANCELED);
            }
        });
    }

    @Test
    void onlyAForeignParentIsWatchedByAGoroutine() {
        // Go: TestCustomContextGoroutines. Go counts the watcher goroutines it starts; we count live goroutines, so a
        // "created" check also waits for the watcher to end once its child is cancelled.
        TestRuntimes.run(2, () -> {
            int[] g = {Go.numGoroutine()};
            Runnable checkNoGoroutine = () -> assertThat(Go.numGoroutine() - g[0]).as("goroutines created").isZero();

            CancelContext cancel0 = Context.withCancel(new MyDoneContext(Context.background()));
            assertThat(Go.numGoroutine() - g[0]).as("goroutines created, want 1").isEqualTo(1);
            cancel0.cancel();
            awaitGoroutines(g[0]);

            cancel0 = Context.withTimeout(new MyDoneContext(Context.background()), Duration.ofHours(1));
            assertThat(Go.numGoroutine() - g[0]).as("goroutines created, want 1").isEqualTo(1);
            cancel0.cancel();
            awaitGoroutines(g[0]);
            checkNoGoroutine.run();

            CancelContext ctx1 = Context.withCancel(Context.background());
            checkNoGoroutine.run();
            Context ctx2 = new OtherContext(ctx1);
            CancelContext ctx3 = Context.withCancel(ctx2);
            checkNoGoroutine.run();
            CancelContext ctx3b = Context.withCancel(new MyDoneContext(ctx2));
            assertThat(Go.numGoroutine() - g[0]).as("ctx1 does not provide done: a watcher, want 1").isEqualTo(1);
            g[0]++;
            CancelContext ctx4 = Context.withTimeout(ctx3, Duration.ofHours(1));
            checkNoGoroutine.run();
            CancelContext ctx5 = Context.withCancel(ctx4);
            checkNoGoroutine.run();
            ctx5.cancel();
            checkNoGoroutine.run();
            CancelContext ctx6 = Context.withTimeout(ctx5, Duration.ofHours(1));
            checkNoGoroutine.run();
            // Applied to a cancelled context.
            ctx6.cancel();
            ctx1.cancel();
            CancelContext ctx7 = Context.withCancel(ctx5);
            checkNoGoroutine.run();
            for (CancelContext c : new CancelContext[] {ctx7, ctx6, ctx5, ctx4, ctx3b, ctx3, ctx1}) {
                c.cancel();
            }
            awaitGoroutines(g[0] - 1);                          // the watcher of ctx3b ends with it
        });
    }

    /** Yields until the goroutine count is n; the watcher of a cancelled child ends on its own schedule. */
    private static void awaitGoroutines(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Go.numGoroutine() != n) {
            assertThat(System.nanoTime()).as("goroutine count still %d, want %d", Go.numGoroutine(), n)
                    .isLessThan(deadline);
            Go.gosched();
        }
    }
}
