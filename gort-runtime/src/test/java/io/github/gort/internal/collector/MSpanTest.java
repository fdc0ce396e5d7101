package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.heap.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A span on its own (Go: mheap.go mspan, mbitmap.go's divMul index computation, nextFreeIndex with allocCache):
 * the object index of every word of every object, the allocation cursor across 64-object groups and past the end
 * of the span, and the mark bit. Spans of every object size from 1 word to a whole span.
 */
class MSpanTest {
    private static final int[] EDGE_SIZES = {1, 2, 3, 7, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4097, 8191, 8192};

    private static MSpan span(int words) {
        MSpan s = new MSpan(5, 5L << MHeap.SPAN_SHIFT);
        s.init(BareHeaps.shape(0, 0, words), 4);
        return s;
    }

    @Test
    void objIndexIsTheObjectNumberAtBothEndsOfEveryObjectOfEverySize() {
        List<String> wrong = new ArrayList<>();
        for (int w = 1; w <= MHeap.SPAN_WORDS; w++) {
            MSpan s = span(w);
            assertThat(s.nelems).as("objects of %d words", w).isEqualTo(MHeap.SPAN_WORDS / w);
            for (int k = 0; k < s.nelems && wrong.size() < 10; k++) {
                long first = s.base + (long) k * w;
                long last = first + w - 1;
                if (s.objIndex(first) != k || s.objIndex(last) != k) {
                    wrong.add(w + "-word objects: object " + k + " has objIndex " + s.objIndex(first) + " at its first"
                            + " word and " + s.objIndex(last) + " at its last");
                }
            }
        }
        assertThat(wrong).as("divMul must give offset / words for every offset in a span").isEmpty();
    }

    @Test
    void theBitmapCoversExactlyTheObjectsOfTheSpan() {
        assertThat(span(1).allocBits).hasSize(MHeap.SPAN_WORDS / 64);
        assertThat(span(3).nelems).isEqualTo(2730);
        assertThat(span(3).allocBits).hasSize(43);                  // 2730 objects: the last group holds 42
        assertThat(span(129).nelems).isEqualTo(63);
        assertThat(span(129).allocBits).hasSize(1);
        assertThat(span(MHeap.SPAN_WORDS).nelems).isEqualTo(1);
    }

    @Test
    void nextFreeHandsOutEveryObjectOnceInAddressOrderThenReportsFull() {
        for (int w : EDGE_SIZES) {
            MSpan s = span(w);
            for (int k = 0; k < s.nelems; k++) {
                assertThat(s.nextFree()).as("%d-word objects: object %d", w, k).isEqualTo(s.base + (long) k * w);
            }
            assertThat(s.nextFree()).as("%d-word objects: a full span", w).isZero();
            assertThat(s.nextFree()).as("%d-word objects: still full", w).isZero();
            assertThat(s.allocCount).isEqualTo(s.nelems);
            assertThat(s.hasFree()).isFalse();
            assertThat(popcount(s.allocBits)).as("%d-word objects: alloc bits", w).isEqualTo(s.nelems);
        }
    }

    @Test
    void nextFreeSkipsObjectsAlreadyAllocatedAcrossGroupBoundaries() {
        for (int w : new int[] {1, 3}) {
            MSpan s = span(w);
            int n = s.nelems;
            int[] kept = {0, 62, 63, 64, 65, 127, 128, n - 65, n - 2, n - 1};
            for (int i : kept) {
                s.allocBits[i >>> 6] |= 1L << i;
            }
            s.allocCount = kept.length;
            s.resetAllocCursor();
            List<Long> got = new ArrayList<>();
            for (long a; (a = s.nextFree()) != 0; ) {
                got.add(a);
            }
            assertThat(got).as("%d-word objects: every free object once", w).hasSize(n - kept.length)
                    .doesNotHaveDuplicates();
            for (int i : kept) {
                assertThat(got).as("%d-word objects: kept object %d", w, i).doesNotContain(s.base + (long) i * w);
            }
            assertThat(got).isSorted();
            assertThat(s.allocCount).isEqualTo(n);
        }
    }

    @Test
    void tryMarkWinsOnceAndSetsTheObjectsBit() {
        MSpan s = span(3);
        s.nextFree();
        long b = s.nextFree();
        assertThat(s.tryMark(b)).isTrue();
        assertThat(s.tryMark(b)).as("second mark of the same object").isFalse();
        assertThat(s.gcmarkBits[0]).as("object 1's bit only").isEqualTo(1L << 1);
        assertThat(popcount(s.gcmarkBits)).isEqualTo(1);
    }

    @Test
    void isAllocatedObjectOnlyAtTheStartOfAnAllocatedOrMarkedObject() {
        MSpan s = span(3);
        long a = s.nextFree();
        long free = s.base + 3L * 10;
        long black = s.base + 3L * 11;
        s.tryMark(black);                                           // allocate-black marks without alloc bit
        assertThat(s.isAllocatedObject(a)).isTrue();
        assertThat(s.isAllocatedObject(a + 1)).as("inside an object").isFalse();
        assertThat(s.isAllocatedObject(free)).as("a free object").isFalse();
        assertThat(s.isAllocatedObject(black)).as("a marked object").isTrue();
        assertThat(s.isAllocatedObject(s.base + 3L * s.nelems)).as("the tail after the last object").isFalse();
        assertThat(s.isAllocatedObject(s.base - 3)).as("before the span").isFalse();
    }

    @Test
    void initResetsARecycledSpan() {
        MSpan s = span(3);
        s.nextFree();
        s.tryMark(s.base);
        Shape other = BareHeaps.shape(1, 0, 3);
        s.init(other, 8);
        assertThat(s.shape).isSameAs(other);
        assertThat(s.allocCount).isZero();
        assertThat(popcount(s.allocBits)).isZero();
        assertThat(popcount(s.gcmarkBits)).isZero();
        assertThat(s.sweepgen).isEqualTo(8);
        assertThat(s.nextFree()).isEqualTo(s.base);
    }

    static int popcount(long[] bits) {
        int n = 0;
        for (long w : bits) {
            n += Long.bitCount(w);
        }
        return n;
    }
}
