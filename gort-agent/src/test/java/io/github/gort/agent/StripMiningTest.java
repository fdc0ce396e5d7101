package io.github.gort.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.agent.Fixtures.Outcome;
import io.github.gort.agent.fixtures.CountedLoops;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counted loops strip-mined ({@link CountedLoop}): each fixture of {@link CountedLoops} returns what it returns as
 * compiled, polls once per strip of {@value CountedLoop#STRIP} passes (exactly), and its near-misses keep a poll on
 * every back-edge. Under {@code -Xverify:all}: the frames given the limit local, and the new frame at each strip's
 * head, pass the verifier.
 */
class StripMiningTest {
    private static final int STRIP = CountedLoop.STRIP;

    @BeforeAll
    static void verifierOn() {
        Fixtures.assertVerifierOnForAll();
    }

    private static Outcome both(String name, Object... args) {
        Outcome original = Fixtures.call(CountedLoops.class, name, args);
        Class<?> c = RewritingLoader.link(load(RewritingLoader.rewriting(Fixtures.PACKAGE)));
        Outcome rewritten = Fixtures.call(c, name, args);
        assertThat(rewritten.behaviour()).as("%s rewritten", name).isEqualTo(original.behaviour());
        return rewritten;
    }

    private static Class<?> load(RewritingLoader loader) {
        try {
            return Class.forName(CountedLoops.class.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static long strips(long passes) {
        return (passes + STRIP - 1) / STRIP;
    }

    @Test
    void aLocalBoundPollsOncePerStrip() {
        for (int n : new int[] {0, 1, STRIP - 1, STRIP, STRIP + 1, 10 * STRIP + 3}) {
            assertThat(both("sum", n).polls()).as("n=%d", n).isEqualTo(strips(n));
        }
    }

    @Test
    void aStartNearTheSmallestInt() {
        int from = Integer.MIN_VALUE;
        assertThat(both("sumFrom", from, from + 3000).polls()).isEqualTo(strips(3000));
        assertThat(both("sumFrom", -5000, 5000).polls()).isEqualTo(strips(10_000));
        assertThat(both("sumFrom", 7, 7).polls()).isZero();
    }

    @Test
    void anArrayLengthAndAForEach() {
        int[] a = new int[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 7 - 3;
        }
        assertThat(both("arraySums", (Object) a).polls()).isEqualTo(2 * strips(5000));
        assertThat(both("arraySums", (Object) new int[0]).polls()).isZero();
    }

    @Test
    void constantStartAndBound() {
        assertThat(both("constantBound").polls()).as("one strip: no poll").isZero();
        assertThat(both("constantBoundOverAStrip").polls()).isEqualTo(strips(40_000));
    }

    @Test
    void leavingTheLoopEarly() {
        assertThat(both("breakAt", 10 * STRIP, 2 * STRIP + 500).polls()).isEqualTo(2);
        assertThat(both("throwAt", 10 * STRIP, 3 * STRIP + 1).polls()).isEqualTo(3);
        assertThat(both("throwAt", 10_000, 10).polls()).isZero();
        assertThat(both("throwAt", 100, 1000).polls()).isEqualTo(1);        // no throw: one strip
    }

    @Test
    void bodiesWithHandlersWideLocalsAndFrames() {
        assertThat(both("tryCatchInside", 5000).polls()).isEqualTo(strips(5000));
        assertThat(both("wideLocals", 3000).polls()).isEqualTo(strips(3000));
        assertThat(both("twoLoops", 3000, 1500).polls()).isEqualTo(strips(3000) + strips(1500));
    }

    @Test
    void onlyTheInnermostLoopIsStripMined() {
        assertThat(both("nested", 5, 3000).polls()).isEqualTo(5 * strips(3000) + 5);
    }

    @Test
    void nearMissesKeepAPollOnEveryBackEdge() {
        assertThat(both("boundChanges", 100).polls()).isEqualTo(99);
        assertThat(both("stepOfTwo", 100).polls()).isEqualTo(50);
        assertThat(both("inductionWritten", 100).polls()).isEqualTo(100 - 2);
        assertThat(both("callInside", 100).polls()).isEqualTo(100);
    }

    @Test
    void theResultCountsTheStripMinedLoops() throws ClassNotFoundException {
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(RewritingLoader.bytesOf(CountedLoops.class.getName()));
        // sum, sumFrom, arraySums x2, constantBoundOverAStrip, breakAt, throwAt, tryCatchInside, wideLocals,
        // twoLoops x2, nested's inner loop; constantBound's loop is one strip, so its method is left as it was
        assertThat(r.stripMined()).isEqualTo(12);
        LoopPollRewriter.Result every = LoopPollRewriter.rewrite(RewritingLoader.bytesOf(CountedLoops.class.getName()),
                LoopPollRewriter.Shape.EVERY_BACK_EDGE);
        assertThat(every.stripMined()).isZero();
        assertThat(every.backEdges()).as("all but constantBound's").isEqualTo(r.backEdges() + 1);
    }
}
