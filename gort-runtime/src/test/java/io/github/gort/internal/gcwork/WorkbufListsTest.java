package io.github.gort.internal.gcwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.runtime.FatalError;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link WorkbufLists}, {@link Workbuf} and {@link LfStack}: the assertions and their messages. */
class WorkbufListsTest {

    @Test
    void putfullOfAnEmptyBufferSaysWorkbufIsEmpty() {
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf b = lists.getempty();
        assertThatThrownBy(() -> lists.putfull(b))
            .isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("putfull: workbuf #1 pushed to work.full with nobj=0: workbuf is empty")
            .satisfies(e -> assertThat(((FatalError) e).goMessage()).startsWith("fatal error: putfull: "))
            .satisfies(e -> assertThat(((WorkbufListViolation) e).workbuf()).isEqualTo(1));
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).isZero();
    }

    @Test
    void putemptyOfABufferWithWorkSaysWorkbufIsNotEmpty() {
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf b = lists.getempty();
        b.append(11);
        assertThatThrownBy(() -> lists.putempty(b))
            .isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("putempty: workbuf #1 pushed to work.empty with nobj=1: workbuf is not empty");
    }

    /** The seed's symptom: a buffer drained while on work.full, found by the next popper, with who did what. */
    @Test
    void trygetfullOfADrainedBufferNamesPusherContextAndPopper() throws InterruptedException {
        assumeTrue(Debug.CHECKS, "pusher and popper names are kept only with -Dgort.debug=true");
        WorkbufLists lists = new WorkbufLists(4);
        AtomicReference<Workbuf> pushed = new AtomicReference<>();
        runNamed("gort-m1", () -> {
            Workbuf b = lists.getempty();
            b.append(7);
            lists.putfull(b, "dispose for P1 in forEachP round 3");
            pushed.set(b);
        });
        pushed.get().nobj = 0; // a racing owner drained it behind the lists' back (plain write: no where check)
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        runNamed("gort-m2", () -> {
            try {
                lists.trygetfull();
            } catch (WorkbufListViolation e) {
                thrown.set(e);
            }
        });
        assertThat(thrown.get()).isInstanceOf(WorkbufListViolation.class)
            .hasMessage("trygetfull: workbuf #1 popped from work.full with nobj=0: workbuf is empty (pushed by gort-m1"
                + " in \"dispose for P1 in forEachP round 3\"; popped by gort-m2; caller gort-m2)");
    }

    @Test
    void getemptyOfAFilledBufferSaysWorkbufIsNotEmpty() {
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf b = lists.getempty();
        lists.putempty(b);
        b.nobj = 2; // a write barrier filled it after it was put on work.empty (plain write: no where check)
        assertThatThrownBy(lists::getempty)
            .isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("getempty: workbuf #1 popped from work.empty with nobj=2: workbuf is not empty");
    }

    @Test
    void whereTagCatchesADoublePushAtTheSecondPush() {
        assumeTrue(Debug.CHECKS, "where tags are kept only with -Dgort.debug=true");
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf b = lists.getempty();
        b.append(5);
        lists.putfull(b);
        assertThatThrownBy(() -> lists.putfull(b))
            .isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("putfull: workbuf #1 expected IN_HAND but is ON_FULL (moving it to ON_FULL;");
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).as("the second push must not reach the stack").isOne();
        lists.checkConservation(0);
    }

    @Test
    void whereTagCatchesAWriteToAListedBuffer() {
        assumeTrue(Debug.CHECKS, "where tags are kept only with -Dgort.debug=true");
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf b = lists.getempty();
        b.append(5);
        lists.putfull(b);
        assertThatThrownBy(() -> b.append(6))
            .isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("append: write to workbuf #1 while it is ON_FULL (expected IN_HAND or IN_GCWORK");
        assertThatThrownBy(b::takeLast).hasMessageStartingWith("takeLast: write to workbuf #1 while it is ON_FULL");
    }

    @Test
    void appendToAFullBufferIsFatalNotAnIndexError() {
        WorkbufLists lists = new WorkbufLists(2);
        Workbuf b = lists.getempty();
        b.append(1);
        b.append(2);
        assertThatThrownBy(() -> b.append(3)).isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("append: workbuf #1 is full (nobj=2, cap=2)");
    }

    @Test
    void handoffMovesTheTopHalfAndPublishesTheRest() {
        WorkbufLists lists = new WorkbufLists(5);
        Workbuf b = lists.getempty();
        for (long o = 1; o <= 5; o++) {
            b.append(o);
        }
        Workbuf b1 = lists.handoff(b);
        assertThat(b1).isNotSameAs(b);
        assertThat(b1.nobj()).isEqualTo(2);
        assertThat(new long[] {b1.obj[0], b1.obj[1]}).containsExactly(4, 5);
        Workbuf got = lists.trygetfull();
        assertThat(got).isSameAs(b);
        assertThat(got.nobj()).isEqualTo(3);
        assertThat(new long[] {got.obj[0], got.obj[1], got.obj[2]}).containsExactly(1, 2, 3);
        assertThat(lists.trygetfull()).isNull();
        lists.checkConservation(2);
    }

    @Test
    void partialHoldsOnlyPartlyFullBuffersAndComesAfterFull() {
        WorkbufLists lists = new WorkbufLists(3);
        Workbuf full = lists.getempty();
        Workbuf part = lists.getempty();
        for (long o = 1; o <= 3; o++) {
            full.append(o);
        }
        part.append(9);
        assertThatThrownBy(() -> lists.putpartial(full)).isInstanceOf(WorkbufListViolation.class)
            .hasMessageStartingWith("putpartial: workbuf #1 pushed to work.partial with nobj=3, cap=3: workbuf is not"
                + " partial");
        lists.putpartial(part);
        lists.putfull(full);
        assertThat(lists.trygetfull()).isSameAs(full);
        assertThat(lists.trygetfull()).isSameAs(part);
        assertThat(lists.trygetfull()).isNull();
    }

    @Test
    void getemptyRecyclesBeforeAllocating() {
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf a = lists.getempty();
        lists.putempty(a);
        assertThat(lists.getempty()).isSameAs(a);
        assertThat(lists.getempty().index()).isEqualTo(2);
        assertThat(lists.allocated()).isEqualTo(2);
    }

    @Test
    void conservationCheckCountsWhatCallersHold() {
        WorkbufLists lists = new WorkbufLists(4);
        Workbuf a = lists.getempty();
        Workbuf b = lists.getempty();
        lists.putempty(a);
        lists.checkConservation(1);
        assertThatThrownBy(() -> lists.checkConservation(0)).isInstanceOf(WorkbufListViolation.class)
            .hasMessageContaining("2 workbufs allocated").hasMessageContaining("1 unaccounted for");
        lists.putempty(b);
        lists.checkConservation(0);
    }

    @Test
    void capacityOutsideOneToMaxIsRejected() {
        assertThatThrownBy(() -> new WorkbufLists(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("workbuf capacity must be between 1 and 1048576 objects (Go uses 253), got 0");
        assertThatThrownBy(() -> new WorkbufLists(-3)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageEndingWith("got -3");
        assertThatThrownBy(() -> new WorkbufLists(Workbuf.MAX_CAPACITY + 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("got 1048577");
        assertThat(new WorkbufLists().capacity()).isEqualTo(253);
    }

    @Test
    void lfStackPacksAFreshCountOnEveryPush() {
        WorkbufPool pool = new WorkbufPool(2);
        LfStack s = new LfStack(pool, "work.full");
        Workbuf a = pool.allocate();
        s.push(a);
        long first = LfStack.pack(a.index, a.pushcnt);
        assertThat(s.pop()).isSameAs(a);
        s.push(a);
        long second = LfStack.pack(a.index, a.pushcnt);
        assertThat(second).as("the same buffer pushed again must give a different head word").isNotEqualTo(first);
        assertThat(LfStack.unpackIndex(second)).isEqualTo(a.index);
        assertThat(LfStack.unpackCount(second)).isEqualTo(2);
        assertThat(s.pop()).isSameAs(a);
        assertThat(s.pop()).isNull();
        assertThat(s.empty()).isTrue();
    }

    @Test
    void lfStackIsLifoAndItsWalkDetectsACycle() {
        WorkbufPool pool = new WorkbufPool(2);
        LfStack s = new LfStack(pool, "work.full");
        Workbuf a = pool.allocate();
        Workbuf b = pool.allocate();
        s.push(a);
        s.push(b);
        assertThat(s.walk(i -> { })).isEqualTo(2);
        assertThat(s.pop()).isSameAs(b);
        s.push(a); // a double push, with no where tag to stop it: a becomes its own successor
        assertThatThrownBy(() -> s.walk(i -> { })).isInstanceOf(WorkbufListViolation.class)
            .hasMessageContaining("work.full holds more than the 2 buffers ever allocated: a cycle through workbuf #1");
    }

    @Test
    void packedWordKeepsIndexAndCountApart() {
        long w = LfStack.pack(WorkbufPool.MAX_INDEX, (1L << LfStack.COUNT_BITS) - 1);
        assertThat(LfStack.unpackIndex(w)).isEqualTo(WorkbufPool.MAX_INDEX);
        assertThat(LfStack.unpackCount(w)).isEqualTo((1L << 40) - 1);
        assertThat(LfStack.pack(1, 1L << LfStack.COUNT_BITS)).as("the count wraps, the index survives").isEqualTo(1);
    }

    private static void runNamed(String name, Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.start();
        t.join(10_000);
        assertThat(t.isAlive()).as("thread %s did not finish within 10 s", name).isFalse();
        if (failure.get() != null) {
            throw new AssertionError("thread " + name + " failed", failure.get());
        }
    }
}
