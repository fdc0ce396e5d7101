package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.heap.Shape;
import org.junit.jupiter.api.Test;

/**
 * One shape's span lists (Go: mcentral.go cacheSpan, uncacheSpan, with partial and full sets split into swept and
 * unswept by sweepgen): where a span goes back to, how adding 2 to sweepgen turns swept lists into unswept ones,
 * what cacheSpan sweeps on the way, Go's budget of 100 spans, and an empty span going back to the heap.
 * Single-threaded: a span taken off a list is held by the test alone.
 */
class MCentralTest {
    private static final long SPAN_BYTES = MHeap.SPAN_WORDS * 8L;

    private final MHeap h = BareHeaps.heap(128 * SPAN_BYTES);
    private final Sweep sweep = new Sweep(h);

    private static void fill(MSpan s) {
        while (s.nextFree() != 0) {
            // take every object
        }
    }

    @Test
    void anEmptyCentralAsksTheHeapForAFreshSpan() {
        Shape s = h.shape(1, 1);
        MCentral c = h.central(s);
        MSpan sp = c.cacheSpan(sweep);
        assertThat(sp).isNotNull();
        assertThat(sp.shape).isSameAs(s);
        assertThat(sp.sweepgen).isEqualTo(h.sweepgen);
        assertThat(sp.allocCount).isZero();
        assertThat(c.spanCount()).as("a cached span is on no list").isZero();
        assertThat(h.spansInUse()).isEqualTo(1);
    }

    @Test
    void aSpanWithFreeObjectsComesBackAsPartialAndIsCachedAgain() {
        MCentral c = h.central(h.shape(0, 4));
        MSpan sp = c.cacheSpan(sweep);
        sp.nextFree();
        c.putSwept(sp);                                            // uncacheSpan
        assertThat(c.spanCount()).isEqualTo(1);
        assertThat(c.cacheSpan(sweep)).as("the partial span, not a new one").isSameAs(sp);
        assertThat(c.spanCount()).isZero();
        assertThat(h.spansInUse()).isEqualTo(1);
    }

    @Test
    void aFullSpanIsNotCachedAgainInTheSameCycle() {
        MCentral c = h.central(h.shape(0, 512));                   // 16 objects per span
        MSpan full = c.cacheSpan(sweep);
        fill(full);
        c.putSwept(full);
        MSpan next = c.cacheSpan(sweep);
        assertThat(next).isNotSameAs(full);
        assertThat(next.allocCount).isZero();
        assertThat(c.spanCount()).as("the full span stays on the full list").isEqualTo(1);
        assertThat(h.spansInUse()).isEqualTo(2);
    }

    @Test
    void afterMarkTerminationSweptListsAreUnsweptAndCacheSpanSweepsThem() {
        MCentral c = h.central(h.shape(0, 512));
        MSpan sp = c.cacheSpan(sweep);
        fill(sp);
        for (int i = 0; i < sp.nelems; i += 2) {
            sp.tryMark(sp.base + (long) i * 512);                  // half survive
        }
        c.putSwept(sp);
        int before = h.sweepgen;
        BareHeaps.endMark(h, sweep);
        assertThat(c.takeUnswept(h.sweepgen - 2)).as("nothing is unswept for the old sweepgen").isNull();
        MSpan again = c.cacheSpan(sweep);
        assertThat(again).as("the full span, swept, now has room").isSameAs(sp);
        assertThat(again.sweepgen).isEqualTo(before + 2);
        assertThat(again.allocCount).isEqualTo(sp.nelems / 2);
        assertThat(sweep.unswept()).isZero();
        assertThat(h.spansInUse()).as("no fresh span was needed").isEqualTo(1);
    }

    @Test
    void aSpanWithNoSurvivorGoesBackToTheHeap() {
        MCentral c = h.central(h.shape(2, 0));
        MSpan dead = c.cacheSpan(sweep);
        fill(dead);
        c.putSwept(dead);
        BareHeaps.endMark(h, sweep);                               // nothing marked
        long freedBefore = h.freedObjects.get();
        MSpan got = c.cacheSpan(sweep);
        assertThat(h.freedObjects.get() - freedBefore).isEqualTo(dead.nelems);
        assertThat(got).as("the dead span went back to the heap, which hands it out again, fresh").isSameAs(dead);
        assertThat(got.state).isEqualTo(MSpan.IN_USE);
        assertThat(got.allocCount).isZero();
        assertThat(got.sweepgen).isEqualTo(h.sweepgen);
        assertThat(c.spanCount()).isZero();
        assertThat(h.spansInUse()).isEqualTo(1);
        assertThat(h.allocSpan(got.shape).index).as("no fresh span was cut for it").isEqualTo(dead.index + 1);
    }

    @Test
    void aSurvivingFullSpanGoesToTheSweptFullListAndIsSkipped() {
        MCentral c = h.central(h.shape(0, 512));
        MSpan live = c.cacheSpan(sweep);
        fill(live);
        for (int i = 0; i < live.nelems; i++) {
            live.tryMark(live.base + (long) i * 512);              // everything survives
        }
        c.putSwept(live);
        BareHeaps.endMark(h, sweep);
        MSpan got = c.cacheSpan(sweep);
        assertThat(got).isNotSameAs(live);
        assertThat(live.sweepgen).as("swept on the way").isEqualTo(h.sweepgen);
        assertThat(c.takeUnswept(h.sweepgen)).as("and put on a swept list").isNull();
        assertThat(c.spanCount()).isEqualTo(1);
    }

    /** Go's cacheSpan gives up sweeping after 100 spans and grows the heap instead. */
    @Test
    void cacheSpanSweepsAtMost100SpansBeforeAskingTheHeap() {
        Shape whole = h.shape(MHeap.SPAN_WORDS, 0);                // one object per span
        MCentral c = h.central(whole);
        MSpan[] spans = new MSpan[101];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = c.cacheSpan(sweep);
            assertThat(spans[i].nextFree()).isEqualTo(spans[i].base);
            spans[i].tryMark(spans[i].base);
        }
        for (MSpan s : spans) {
            c.putSwept(s);
        }
        BareHeaps.endMark(h, sweep);
        MSpan got = c.cacheSpan(sweep);
        assertThat(got.allocCount).as("a fresh span").isZero();
        assertThat(got.index).isGreaterThan(101);
        int unswept = 0;
        for (MSpan s : spans) {
            if (s.sweepgen != h.sweepgen) {
                unswept++;
            }
        }
        assertThat(unswept).as("spans left to the sweeper").isEqualTo(1);
        assertThat(sweep.unswept()).isEqualTo(1);
    }

    @Test
    void cacheSpanReturnsNullWhenTheHeapIsExhausted() {
        MHeap small = BareHeaps.heap(3 * SPAN_BYTES);
        Sweep sw = new Sweep(small);
        MCentral c = small.central(small.shape(MHeap.SPAN_WORDS, 0));
        MSpan a = c.cacheSpan(sw);
        MSpan b = c.cacheSpan(sw);
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        fill(a);
        fill(b);
        c.putSwept(a);
        c.putSwept(b);
        assertThat(c.cacheSpan(sw)).isNull();
    }
}
