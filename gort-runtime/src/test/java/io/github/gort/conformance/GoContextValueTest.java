package io.github.gort.conformance;

import static io.github.gort.conformance.GoContextTest.SHORT;
import static io.github.gort.conformance.GoContextTest.VERY_LONG;
import static io.github.gort.conformance.GoContextTest.assertDone;
import static io.github.gort.conformance.GoContextTest.assertNotDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.gort.context.CancelContext;
import io.github.gort.context.Context;
import io.github.gort.context.ContextError;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import io.github.gort.runtime.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tests of Go's {@code src/context/context_test.go} (Go 1.19) for the value half of the context API:
 * <ul>
 * <li>{@code static Context Context.withValue(Context parent, Object key, Object val)} (Go: WithValue) and
 *     {@code Object Context.value(Object key)} (Go: Context.Value; null when absent), with a value context's
 *     {@code toString()} {@code parent + ".WithValue(type <key type>, val <val>)"} and a null key rejected with a
 *     RuntimeException whose message contains "nil key";
 * <li>{@code static Context Context.todo()} (Go: TODO), printing "context.TODO";
 * <li>{@code boolean ContextError.timeout()}, true for DEADLINE_EXCEEDED (Go: DeadlineExceeded's Timeout method).
 * </ul>
 *
 * <p>Not ported: the non-comparable-key half of XTestWithValueChecksKey (a []byte key must panic; every Java
 * object has equals, so no key is non-comparable) and XTestAllocs (no AllocsPerRun in Java).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoContextValueTest {
    // ------------------------------------------------------------------------------------------- the API used

    /** Go: context.WithValue(parent, key, val). */
    static Context withValue(Context parent, Object key, Object val) {
        return Context.withValue(parent, key, val);
    }

    /** Go: ctx.Value(key). */
    static Object value(Context ctx, Object key) {
        return ctx.value(key);
    }

    /** Go: context.TODO(). */
    static Context todo() {
        return Context.todo();
    }

    /** Go: DeadlineExceeded.(interface{ Timeout() bool }).Timeout(). */
    static boolean timeout(ContextError e) {
        return e.timeout();
    }

    // ---------------------------------------------------------------------------------------------------- the tests

    /** Go: src/context/context_test.go XTestTODO. */
    @Test
    void testTODO() {
        GoRun.main(() -> {
            Context c = todo();
            if (c == null) {
                fail("TODO returned nil");
            }
            assertNotDone(c, "c");
            assertThat(c.toString()).as("TODO().String()").isEqualTo("context.TODO");
        });
    }

    /**
     * Go: src/context/context_test.go XTestParentFinishesChild, without its checks of the unexported children map
     * and parentCancelCtx. Tree: parent -> cancelChild; parent -> valueChild -> timerChild. Cancelling the parent
     * finishes all of them at once, and a value child of a cancelled parent is done from the start.
     */
    @Test
    void testParentFinishesChild() {
        GoRun.main(() -> {
            CancelContext parent = Context.withCancel(Context.background());
            try (CancelContext cancelChild = Context.withCancel(parent)) {
                Context valueChild = withValue(parent, "key", "value");
                try (CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG)) {
                    assertNotDone(parent, "parent");
                    assertNotDone(cancelChild, "cancelChild");
                    assertNotDone(timerChild, "timerChild");
                    assertNotDone(valueChild, "valueChild");

                    parent.cancel();

                    // parent and children should all be finished.
                    check(parent, "parent");
                    check(cancelChild, "cancelChild");
                    check(valueChild, "valueChild");
                    check(timerChild, "timerChild");

                    // WithCancel should return a canceled context on a canceled parent.
                    Context precanceledChild = withValue(parent, "key", "value");
                    assertDone(precanceledChild, "precanceledChild");
                    if (precanceledChild.err() != ContextError.CANCELED) {
                        fail("precanceledChild.Err() == %s want %s", precanceledChild.err(), ContextError.CANCELED);
                    }
                }
            }
        });
    }

    private static void check(Context ctx, String name) {
        assertDone(ctx, name);
        if (ctx.err() != ContextError.CANCELED) {
            fail("%s.Err() == %s want %s", name, ctx.err(), ContextError.CANCELED);
        }
    }

    /** Go: key1, key2: same int, different types; equal only to a key of the same type and value. */
    private record Key1(int v) { }

    private record Key2(int v) { }

    private static final Key1 K1 = new Key1(1);
    private static final Key2 K2 = new Key2(1); // same int as k1, different type
    private static final Key2 K3 = new Key2(3); // same type as k2, different int

    /** Go: XTestValues's check: v1, v2, v3 are the wanted values for k1, k2, k3 ("" for none). */
    private static void checkValues(Context c, String nm, String v1, String v2, String v3) {
        checkValue(c, nm, "k1", K1, v1);
        checkValue(c, nm, "k2", K2, v2);
        checkValue(c, nm, "k3", K3, v3);
    }

    private static void checkValue(Context c, String nm, String kn, Object key, String want) {
        Object v = value(c, key);
        boolean ok = v instanceof String;
        if (ok == want.isEmpty() || (ok && !v.equals(want))) {
            fail("%s.Value(%s).(string) = %s, %s want %s, %s", nm, kn, v, ok, want, !want.isEmpty());
        }
    }

    /** Go: src/context/context_test.go XTestValues. */
    @Test
    void testValues() {
        GoRun.main(() -> {
            Context c0 = Context.background();
            checkValues(c0, "c0", "", "", "");

            Context c1 = withValue(Context.background(), K1, "c1k1");
            checkValues(c1, "c1", "c1k1", "", "");
            // Go wants "context.Background.WithValue(type context.key1, val c1k1)"; a Java type name differs.
            assertThat(c1.toString()).as("c.String()").startsWith("context.Background.WithValue(type ")
                    .endsWith(", val c1k1)");

            Context c2 = withValue(c1, K2, "c2k2");
            checkValues(c2, "c2", "c1k1", "c2k2", "");

            Context c3 = withValue(c2, K3, "c3k3");
            checkValues(c3, "c2", "c1k1", "c2k2", "c3k3");

            Context c4 = withValue(c3, K1, null);
            checkValues(c4, "c4", "", "c2k2", "c3k3");

            Context o0 = Embedded.of(Context.background());
            checkValues(o0, "o0", "", "", "");

            Context o1 = Embedded.of(withValue(Context.background(), K1, "c1k1"));
            checkValues(o1, "o1", "c1k1", "", "");

            Context o2 = withValue(o1, K2, "o2k2");
            checkValues(o2, "o2", "c1k1", "o2k2", "");

            Context o3 = Embedded.of(c4);
            checkValues(o3, "o3", "", "c2k2", "c3k3");

            Context o4 = withValue(o3, K3, null);
            checkValues(o4, "o4", "", "c2k2", "");
        });
    }

    /** Go: src/context/context_test.go XTestLayersCancel. */
    @Test
    void testLayersCancel() {
        GoRun.main(() -> testLayers(System.nanoTime(), false));
    }

    /** Go: src/context/context_test.go XTestLayersTimeout. */
    @Test
    void testLayersTimeout() {
        GoRun.main(() -> testLayers(System.nanoTime(), true));
    }

    /**
     * Go: testLayers: at least 30 random layers of WithValue, WithCancel and WithTimeout (at least one of each);
     * every value stays visible before and after the innermost context is cancelled or times out.
     */
    private static void testLayers(long seed, boolean testTimeout) {
        Random r = new Random(seed);
        int minLayers = 30;
        List<Object> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < minLayers || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    Object v = new Object(); // Go: new(value), compared by identity
                    ctx = withValue(ctx, v, v);
                    vals.add(v);
                }
                case 1 -> {
                    CancelContext c = Context.withCancel(ctx);
                    ctx = c;
                    cancels.add(c);
                }
                case 2 -> {
                    Duration d = testTimeout ? SHORT : VERY_LONG;
                    CancelContext c = Context.withTimeout(ctx, d);
                    ctx = c;
                    cancels.add(c);
                    numTimers++;
                }
                default -> throw new IllegalStateException();
            }
        }
        Context top = ctx;
        Runnable[] checkValues = new Runnable[1];
        String[] when = {""};
        checkValues[0] = () -> {
            for (Object key : vals) {
                Object val = value(top, key);
                if (val != key) {
                    fail("seed=%d: %s: ctx.Value(%s) = %s want %s", seed, when[0], key, val, key);
                }
            }
        };
        if (!testTimeout) {
            Select.of().recv(top.done(), v -> fail("seed=%d: ctx should not be canceled yet", seed))
                    .onDefault(() -> { }).run();
        }
        assertThat(top.toString()).as("ctx.String()").startsWith("context.Background.");
        when[0] = "before cancel";
        checkValues[0].run();
        if (testTimeout) {
            Timer timer = Time.newTimer(GoContextTest.QUIESCENT);
            try {
                Select.of().recv(top.done())
                        .recv(timer.c(), t -> fail("seed=%d: ctx should have timed out after %s", seed,
                                GoContextTest.QUIESCENT))
                        .run();
            } finally {
                timer.stop();
            }
            when[0] = "after timeout";
            checkValues[0].run();
        } else {
            cancels.get(r.nextInt(cancels.size())).cancel();
            Select.of().recv(top.done()).onDefault(() -> fail("seed=%d: ctx should be canceled", seed)).run();
            when[0] = "after cancel";
            checkValues[0].run();
        }
    }

    /** Go: src/context/context_test.go XTestWithValueChecksKey, its nil-key half: panic "nil key". */
    @Test
    void testWithValueChecksKey() {
        GoRun.main(() -> {
            assertThatThrownBy(() -> withValue(Context.background(), null, "bar"))
                    .isInstanceOf(RuntimeException.class).hasMessageContaining("nil key");
        });
    }

    /** Go: src/context/context_test.go XTestInvalidDerivedFail, its WithValue part: a nil parent panics. */
    @Test
    void testInvalidDerivedFail() {
        GoRun.main(() -> {
            assertThatThrownBy(() -> withValue(null, "foo", "bar")).as("expected panic")
                    .isInstanceOf(RuntimeException.class);
        });
    }

    /** Go: src/context/context_test.go XTestDeadlineExceededSupportsTimeout. */
    @Test
    void testDeadlineExceededSupportsTimeout() {
        GoRun.main(() -> {
            if (!timeout(ContextError.DEADLINE_EXCEEDED)) {
                fail("wrong value for timeout");
            }
        });
    }
}
