package io.github.gort.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.context.CancelContext;
import io.github.gort.context.Context;
import io.github.gort.context.ContextError;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.runtime.Timer;
import io.github.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code src/context/context_test.go} (Go 1.19: the XTest functions that x_test.go runs) on gort's
 * {@link Context} and {@link CancelContext}, for the tests that use only WithCancel, WithDeadline and WithTimeout.
 * The tests that need WithValue/Value, TODO or DeadlineExceeded's Timeout method, which gort lacks so far, are in
 * {@link GoContextValueTest}. Go's {@code otherContext{c}} and {@code myCtx}/{@code myDoneCtx} wrappers are
 * {@link Embedded} proxies. Go's CancelFunc is {@link CancelContext#cancel()}.
 *
 * <p>Not ported: the parts of XTestParentFinishesChild and XTestChildFinishesFirst that inspect the unexported
 * children map and parentCancelCtx (their behaviour is kept), XTestCancelRemoves (it only inspects the children
 * map), and XTestAllocs (testing.AllocsPerRun has no Java counterpart).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoContextTest {
    /** Go: shortDuration, a reasonable duration to block in a test. */
    static final Duration SHORT = Duration.ofMillis(1);
    /** Go: veryLongDuration, an arbitrary upper bound on the test's running time. */
    static final Duration VERY_LONG = Duration.ofHours(1000);
    /** Go: quiescent(t) without a test deadline. */
    static final Duration QUIESCENT = Duration.ofSeconds(5);

    /** Go: {@code select { case x := <-c.Done(): t.Errorf(...); default: }}. */
    static void assertNotDone(Context c, String name) {
        Select.of().recv(c.done(), x -> fail("<-%s.Done() == %s want nothing (it should block)", name, x))
                .onDefault(() -> { }).run();
    }

    /** Go: {@code select { case <-c.Done(): default: t.Errorf("... blocked, but shouldn't have") }}. */
    static void assertDone(Context c, String name) {
        Select.of().recv(c.done()).onDefault(() -> fail("<-%s.Done() blocked, but shouldn't have", name)).run();
    }

    /** Go: src/context/context_test.go XTestBackground. */
    @Test
    void testBackground() {
        GoRun.main(() -> {
            Context c = Context.background();
            if (c == null) {
                fail("Background returned nil");
            }
            assertNotDone(c, "c");
            assertThat(c.toString()).as("Background().String()").isEqualTo("context.Background");
        });
    }

    /**
     * Go: src/context/context_test.go XTestWithCancel. The child of a parent of an unknown type (otherContext) must
     * be cancelled synchronously with it too: Go finds the cancelCtx inside the wrapper.
     */
    @Test
    void testWithCancel() {
        GoRun.main(() -> {
            CancelContext c1 = Context.withCancel(Context.background());
            assertThat(c1.toString()).as("c1.String()").isEqualTo("context.Background.WithCancel");
            Context o = Embedded.of(c1);
            CancelContext c2 = Context.withCancel(o);
            List<Context> contexts = List.of(c1, o, c2);
            for (int i = 0; i < contexts.size(); i++) {
                Context c = contexts.get(i);
                if (c.done().isNil()) {
                    fail("c[%d].Done() == nil want non-nil", i);
                }
                if (c.err() != null) {
                    fail("c[%d].Err() == %s want nil", i, c.err());
                }
                assertNotDone(c, "c[" + i + "]");
            }
            c1.cancel(); // Should propagate synchronously.
            for (int i = 0; i < contexts.size(); i++) {
                Context c = contexts.get(i);
                assertDone(c, "c[" + i + "]");
                if (c.err() != ContextError.CANCELED) {
                    fail("c[%d].Err() == %s want %s", i, c.err(), ContextError.CANCELED);
                }
            }
        });
    }

    /** Go: src/context/context_test.go XTestChildFinishesFirst: cancelling a child leaves its parent alone. */
    @Test
    void testChildFinishesFirst() {
        GoRun.main(() -> {
            try (CancelContext cancelable = Context.withCancel(Context.background())) {
                for (Context parent : List.of(Context.background(), cancelable)) {
                    CancelContext child = Context.withCancel(parent);
                    assertNotDone(parent, "parent");
                    assertNotDone(child, "child");
                    child.cancel();
                    // child should be finished.
                    assertDone(child, "child");
                    if (child.err() != ContextError.CANCELED) {
                        fail("child.Err() == %s want %s", child.err(), ContextError.CANCELED);
                    }
                    // parent should not be finished.
                    assertNotDone(parent, "parent");
                    if (parent.err() != null) {
                        fail("parent.Err() == %s want nil", parent.err());
                    }
                }
            }
        });
    }

    /** Go: testDeadline: c is done within quiescent with DeadlineExceeded. */
    static void testDeadline(Context c, String name) {
        Timer timer = Time.newTimer(QUIESCENT);
        try {
            Select.of()
                    .recv(timer.c(), t -> fail("%s: context not timed out after %s", name, QUIESCENT))
                    .recv(c.done())
                    .run();
        } finally {
            timer.stop();
        }
        if (c.err() != ContextError.DEADLINE_EXCEEDED) {
            fail("%s: c.Err() == %s; want %s", name, c.err(), ContextError.DEADLINE_EXCEEDED);
        }
    }

    /** Go: src/context/context_test.go XTestDeadline. */
    @Test
    void testDeadline() {
        GoRun.main(() -> {
            Context c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            assertThat(c.toString()).as("c.String()").startsWith("context.Background.WithDeadline(");
            testDeadline(c, "WithDeadline");

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            Context o = Embedded.of(c);
            testDeadline(o, "WithDeadline+otherContext");

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            o = Embedded.of(c);
            c = Context.withDeadline(o, Instant.now().plus(VERY_LONG));
            testDeadline(c, "WithDeadline+otherContext+WithDeadline");

            c = Context.withDeadline(Context.background(), Instant.now().minus(SHORT));
            testDeadline(c, "WithDeadline+inthepast");

            c = Context.withDeadline(Context.background(), Instant.now());
            testDeadline(c, "WithDeadline+now");
        });
    }

    /** Go: src/context/context_test.go XTestTimeout. */
    @Test
    void testTimeout() {
        GoRun.main(() -> {
            Context c = Context.withTimeout(Context.background(), SHORT);
            assertThat(c.toString()).as("c.String()").startsWith("context.Background.WithDeadline(");
            testDeadline(c, "WithTimeout");

            c = Context.withTimeout(Context.background(), SHORT);
            Context o = Embedded.of(c);
            testDeadline(o, "WithTimeout+otherContext");

            c = Context.withTimeout(Context.background(), SHORT);
            o = Embedded.of(c);
            c = Context.withTimeout(o, VERY_LONG);
            testDeadline(c, "WithTimeout+otherContext+WithTimeout");
        });
    }

    /** Go: src/context/context_test.go XTestCanceledTimeout: cancel propagates synchronously. */
    @Test
    void testCanceledTimeout() {
        GoRun.main(() -> {
            Context c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
            Context o = Embedded.of(c);
            CancelContext c2 = Context.withTimeout(o, VERY_LONG);
            c2.cancel(); // Should propagate synchronously.
            assertDone(c2, "c");
            if (c2.err() != ContextError.CANCELED) {
                fail("c.Err() == %s want %s", c2.err(), ContextError.CANCELED);
            }
        });
    }

    /**
     * Go: src/context/context_test.go XTestSimultaneousCancels: a tree of about 100 contexts, all cancelled at
     * once in random order; every context ends done and every cancel returns within quiescent.
     */
    @Test
    void testSimultaneousCancels() {
        GoRun.main(() -> {
            CancelContext root = Context.withCancel(Context.background());
            List<CancelContext> m = new ArrayList<>(List.of(root));
            ArrayDeque<Context> q = new ArrayDeque<>(List.of(root));
            // Create a tree of contexts.
            while (!q.isEmpty() && m.size() < 100) {
                Context parent = q.poll();
                for (int i = 0; i < 4; i++) {
                    CancelContext ctx = Context.withCancel(parent);
                    m.add(ctx);
                    q.add(ctx);
                }
            }
            // Start all the cancels in a random order (Go: map iteration order).
            Collections.shuffle(m);
            WaitGroup wg = new WaitGroup();
            wg.add(m.size());
            for (CancelContext ctx : m) {
                Go.go(() -> {
                    ctx.cancel();
                    wg.done();
                });
            }
            Chan<Void> stuck = Chan.make();
            Timer timer = Time.afterFunc(QUIESCENT, stuck::close);
            try {
                // Wait on all the contexts in a random order.
                Collections.shuffle(m);
                for (CancelContext ctx : m) {
                    Select.of().recv(ctx.done())
                            .recv(stuck, v -> fail("timed out after %s waiting for <-ctx.Done()", QUIESCENT))
                            .run();
                }
                // Wait for all the cancel functions to return.
                Chan<Void> done = Chan.make();
                Go.go(() -> {
                    wg.await();
                    done.close();
                });
                Select.of().recv(done)
                        .recv(stuck, v -> fail("timed out after %s waiting for cancel functions", QUIESCENT))
                        .run();
            } finally {
                timer.stop();
            }
        });
    }

    /** Go: src/context/context_test.go XTestInterlockedCancels: a goroutine cancels the child once the parent is. */
    @Test
    void testInterlockedCancels() {
        GoRun.main(() -> {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(parent);
            Go.go(() -> {
                parent.done().recv();
                child.cancel();
            });
            parent.cancel();
            Timer timer = Time.newTimer(QUIESCENT);
            try {
                Select.of().recv(child.done())
                        .recv(timer.c(), t -> fail("timed out after %s waiting for child.Done()", QUIESCENT))
                        .run();
            } finally {
                timer.stop();
            }
        });
    }

    /** Go: src/context/context_test.go XTestWithCancelCanceledParent. */
    @Test
    void testWithCancelCanceledParent() {
        GoRun.main(() -> {
            CancelContext parent = Context.withCancel(Context.background());
            parent.cancel();
            CancelContext c = Context.withCancel(parent);
            Select.of().recv(c.done()).onDefault(() -> fail("child not done immediately upon construction")).run();
            if (c.err() != ContextError.CANCELED) {
                fail("child not canceled; got = %s, want = %s", c.err(), ContextError.CANCELED);
            }
        });
    }

    /**
     * Go: src/context/context_test.go XTestInvalidDerivedFail, its WithCancel and WithDeadline parts: a nil parent
     * panics (gort: NullPointerException). The WithValue part is in GoContextValueTest.
     */
    @Test
    void testInvalidDerivedFail() {
        GoRun.main(() -> {
            assertThatThrownBy(() -> Context.withCancel(null)).as("expected panic")
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> Context.withDeadline(null, Instant.now().plus(SHORT)))
                    .as("expected panic").isInstanceOf(RuntimeException.class);
        });
    }

    /**
     * Go: src/context/context_test.go XTestCustomContextGoroutines: propagateCancel starts a goroutine only for a
     * parent whose Done channel is not a cancelCtx's own. Go counts those goroutines in a package variable; here
     * the runtime's count of goroutines created (nothing else starts any meanwhile) stands in for it.
     */
    @Test
    void testCustomContextGoroutines() {
        GoRun.withRuntime(Config.defaults(), rt -> {
            long[] g = {created(rt)};
            java.util.function.Consumer<String> checkNoGoroutine = when -> {
                long now = created(rt);
                if (now != g[0]) {
                    fail("%s: %d goroutines created", when, now - g[0]);
                }
            };
            java.util.function.Consumer<String> checkCreatedGoroutine = when -> {
                long now = created(rt);
                if (now != g[0] + 1) {
                    fail("%s: %d goroutines created, want 1", when, now - g[0]);
                }
                g[0] = now;
            };
            List<CancelContext> deferred = new ArrayList<>();
            try {
                CancelContext c0 = Context.withCancel(Embedded.overridingDone(Context.background(), Chan::make));
                c0.cancel();
                checkCreatedGoroutine.accept("WithCancel(&myDoneCtx{Background()})");

                c0 = Context.withTimeout(Embedded.overridingDone(Context.background(), Chan::make), VERY_LONG);
                c0.cancel();
                checkCreatedGoroutine.accept("WithTimeout(&myDoneCtx{Background()})");

                checkNoGoroutine.accept("nothing");

                CancelContext ctx1 = defer(deferred, Context.withCancel(Context.background()));
                checkNoGoroutine.accept("ctx1 := WithCancel(Background())");

                Context ctx2 = Embedded.of(ctx1); // Go: &myCtx{ctx1}
                CancelContext ctx3 = defer(deferred, Context.withCancel(ctx2));
                checkNoGoroutine.accept("ctx3 := WithCancel(&myCtx{ctx1})");

                defer(deferred, Context.withCancel(Embedded.overridingDone(ctx2, Chan::make)));
                // ctx1 is not providing Done, must not be used
                checkCreatedGoroutine.accept("WithCancel(&myDoneCtx{ctx2})");

                CancelContext ctx4 = defer(deferred, Context.withTimeout(ctx3, VERY_LONG));
                checkNoGoroutine.accept("ctx4 := WithTimeout(ctx3)");

                CancelContext ctx5 = defer(deferred, Context.withCancel(ctx4));
                checkNoGoroutine.accept("ctx5 := WithCancel(ctx4)");

                ctx5.cancel();
                checkNoGoroutine.accept("cancel5()");

                CancelContext ctx6 = defer(deferred, Context.withTimeout(ctx5, VERY_LONG));
                checkNoGoroutine.accept("WithTimeout(ctx5)");

                // Check applied to canceled context.
                ctx6.cancel();
                ctx1.cancel();
                defer(deferred, Context.withCancel(ctx5));
                checkNoGoroutine.accept("WithCancel(ctx5) of a canceled ctx5");
            } finally {
                Collections.reverse(deferred);
                deferred.forEach(CancelContext::cancel);
            }
            checkNoGoroutine.accept("the deferred cancels"); // Go: defer checkNoGoroutine()
        });
    }

    private static long created(GoRuntime rt) {
        return rt.stats().goroutinesCreated();
    }

    private static CancelContext defer(List<CancelContext> deferred, CancelContext c) {
        deferred.add(c);
        return c;
    }
}
