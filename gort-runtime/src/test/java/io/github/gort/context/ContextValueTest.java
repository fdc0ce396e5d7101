package io.github.gort.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.context.ContextPropagationTest.OtherContext;
import io.github.gort.testing.TestRuntimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Context.withValue and value(key), ported from Go 1.19 context_test.go (TestValues, TestWithValueChecksKey, ...). */
class ContextValueTest {
    /** Go's key1 and key2: two key types over the same int, so k1 and k2 differ although both hold 1. */
    record Key1(int v) {}

    record Key2(int v) {}

    private static final Key1 K1 = new Key1(1);
    private static final Key2 K2 = new Key2(1);
    private static final Key2 K3 = new Key2(3);

    private static void check(Context c, String nm, String v1, String v2, String v3) {
        assertThat(c.value(K1)).as("%s.value(k1)", nm).isEqualTo(v1);
        assertThat(c.value(K2)).as("%s.value(k2)", nm).isEqualTo(v2);
        assertThat(c.value(K3)).as("%s.value(k3)", nm).isEqualTo(v3);
    }

    @Test
    void valuesAreFoundInTheNearestAncestorThatHasTheKey() {
        // Go: TestValues (Go's "" for "no value" is null here).
        Context c0 = Context.background();
        check(c0, "c0", null, null, null);
        Context c1 = Context.withValue(Context.background(), K1, "c1k1");
        check(c1, "c1", "c1k1", null, null);
        assertThat(c1.toString()).isEqualTo("context.Background.WithValue(type " + Key1.class.getName() + ", val c1k1)");
        Context c2 = Context.withValue(c1, K2, "c2k2");
        check(c2, "c2", "c1k1", "c2k2", null);
        Context c3 = Context.withValue(c2, K3, "c3k3");
        check(c3, "c3", "c1k1", "c2k2", "c3k3");
        Context c4 = Context.withValue(c3, K1, null);
        check(c4, "c4", null, "c2k2", "c3k3");

        Context o0 = new OtherContext(Context.background());
        check(o0, "o0", null, null, null);
        Context o1 = new OtherContext(Context.withValue(Context.background(), K1, "c1k1"));
        check(o1, "o1", "c1k1", null, null);
        Context o2 = Context.withValue(o1, K2, "o2k2");
        check(o2, "o2", "c1k1", "o2k2", null);
        Context o3 = new OtherContext(c4);
        check(o3, "o3", null, "c2k2", "c3k3");
        Context o4 = Context.withValue(o3, K3, null);
        check(o4, "o4", null, "c2k2", null);
    }

    @Test
    void aNullKeyIsRejectedWithGosText() {
        // Go: TestWithValueChecksKey: panic "nil key".
        assertThatThrownBy(() -> Context.withValue(Context.background(), null, "bar"))
                .isInstanceOf(NullPointerException.class).hasMessage("nil key");
        assertThat(Context.withValue(Context.background(), K1, "x").value(null)).as("lookup of null").isNull();
    }

    @Test
    void cancellingAParentFinishesChildrenBelowAValueContext() {
        // Go: TestParentFinishesChild. Tree: parent -> cancelChild; parent -> valueChild -> timerChild.
        TestRuntimes.run(2, () -> {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext cancelChild = Context.withCancel(parent);
            Context valueChild = Context.withValue(parent, "key", "value");
            CancelContext timerChild = Context.withTimeout(valueChild, Duration.ofHours(10_000));
            for (Context c : new Context[] {parent, cancelChild, valueChild, timerChild}) {
                assertThat(c.done().tryRecv()).as("<-%s.done() should block", c).isNull();
            }
            assertThat(parent.childCount()).as("the parent's children: cancelChild and timerChild").isEqualTo(2);
            assertThat(CancelContext.parentCancelCtx(valueChild)).isSameAs(parent);
            parent.cancel();
            assertThat(parent.childCount()).as("cancel cleared the children").isZero();
            for (Context c : new Context[] {parent, cancelChild, valueChild, timerChild}) {
                assertThat(c.done().tryRecv()).as("<-%s.done() blocked after cancel() returned", c).isNotNull();
                assertThat(c.err()).isEqualTo(ContextError.CANCELED);
            }
            assertThat(timerChild.value("key")).isEqualTo("value");
            Context precancelled = Context.withValue(parent, "key", "value");
            assertThat(precancelled.done().tryRecv()).isNotNull();
            assertThat(precancelled.err()).isEqualTo(ContextError.CANCELED);
        });
    }

    @Test
    void layersOfValuesAndCancelsKeepTheirValuesAndCancelTogether() {
        // Go: TestLayersCancel (a random tower of value, cancel and timeout layers; cancel one, all below are done).
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        TestRuntimes.run(2, () -> {
            List<Object> vals = new ArrayList<>();
            List<CancelContext> cancels = new ArrayList<>();
            int numTimers = 0;
            Context ctx = Context.background();
            for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        Object v = new Object();
                        ctx = Context.withValue(ctx, v, v);
                        vals.add(v);
                    }
                    case 1 -> {
                        CancelContext c = Context.withCancel(ctx);
                        cancels.add(c);
                        ctx = c;
                    }
                    default -> {
                        CancelContext c = Context.withTimeout(ctx, Duration.ofHours(1));
                        cancels.add(c);
                        ctx = c;
                        numTimers++;
                    }
                }
            }
            assertThat(ctx.done().tryRecv()).as("seed=%d: ctx should not be cancelled yet", seed).isNull();
            assertThat(ctx.toString()).startsWith("context.Background.");
            for (Object key : vals) {
                assertThat(ctx.value(key)).as("seed=%d: value before cancel", seed).isSameAs(key);
            }
            cancels.get(rnd.nextInt(cancels.size())).cancel();
            assertThat(ctx.done().tryRecv()).as("seed=%d: ctx should be cancelled", seed).isNotNull();
            for (Object key : vals) {
                assertThat(ctx.value(key)).as("seed=%d: value after cancel", seed).isSameAs(key);
            }
            for (CancelContext c : cancels) {
                c.cancel();                                   // stop the timers
            }
        });
    }
}
