package io.github.gort.internal.gcwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.runtime.FatalError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link GcWork}: the two-buffer protocol, dispose, and conservation after random sequences. */
class GcWorkTest {

    @Test
    void disposeLeavesBothBuffersNullAndPublishesWork() {
        WorkbufLists lists = new WorkbufLists(4);
        GcWork gcw = new GcWork(lists);
        gcw.put(1);
        gcw.put(2);
        gcw.bytesMarked = 64;
        gcw.scanWork = 10;
        assertThat(gcw.held()).isEqualTo(2);
        gcw.dispose();
        assertThat(gcw.held()).isZero();
        assertThat(gcw.empty()).isTrue();
        assertThat(gcw.toString()).contains("wbuf1=null, wbuf2=null");
        assertThat(gcw.flushedWork()).isTrue();
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).isOne();
        assertThat(lists.objectsOn(WorkbufLists.Kind.FULL)).isEqualTo(2);
        assertThat(lists.countOn(WorkbufLists.Kind.EMPTY)).isOne();
        assertThat(lists.bytesMarked()).isEqualTo(64);
        assertThat(lists.scanWork()).isEqualTo(10);
        lists.checkConservation(0);
        gcw.dispose(); // a second dispose has nothing to give back
        lists.checkConservation(0);
        assertThat(lists.bytesMarked()).isEqualTo(64);
    }

    @Test
    void tryGetTakesOwnWorkLastInFirstOutThenFromWorkFull() {
        WorkbufLists lists = new WorkbufLists(4);
        GcWork other = new GcWork(lists);
        other.put(100);
        other.dispose();
        GcWork gcw = new GcWork(lists);
        assertThat(gcw.tryGet()).as("init takes work.full's buffer as wbuf2").isEqualTo(100);
        gcw.put(1);
        gcw.put(2);
        assertThat(gcw.tryGet()).isEqualTo(2);
        assertThat(gcw.tryGet()).isEqualTo(1);
        assertThat(gcw.tryGet()).isZero();
        assertThat(gcw.empty()).isTrue();
    }

    /** The hysteresis of the two buffers: put/tryGet pairs at a buffer boundary never touch the global lists. */
    @Test
    void alternatingAtABufferBoundaryStaysLocal() {
        assumeTrue(Debug.CHECKS, "list counters are kept only with -Dgort.debug=true");
        WorkbufLists lists = new WorkbufLists(2);
        GcWork gcw = new GcWork(lists);
        gcw.put(1);
        gcw.put(2); // wbuf1 is now full
        for (long o = 3; o < 1_000; o++) {
            gcw.put(o); // swaps to the empty spare
            assertThat(gcw.tryGet()).isEqualTo(o);
        }
        assertThat(lists.pushes(WorkbufLists.Kind.FULL)).isZero();
        assertThat(lists.pops(WorkbufLists.Kind.EMPTY) + lists.pushes(WorkbufLists.Kind.EMPTY)).isZero();
        assertThat(lists.allocated()).isEqualTo(2);
    }

    @Test
    void putOnTwoFullBuffersFlushesOneToWorkFull() {
        WorkbufLists lists = new WorkbufLists(2);
        GcWork gcw = new GcWork(lists);
        for (long o = 1; o <= 5; o++) {
            gcw.put(o);
        }
        assertThat(gcw.flushedWork()).isTrue();
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).isOne();
        assertThat(lists.objectsOn(WorkbufLists.Kind.FULL)).isEqualTo(2);
        gcw.clearFlushedWork();
        assertThat(gcw.flushedWork()).isFalse();
        lists.checkConservation(gcw.held());
    }

    @Test
    void balancePublishesTheSpareOrHandsOffHalf() {
        WorkbufLists lists = new WorkbufLists(4);
        GcWork gcw = new GcWork(lists);
        for (long o = 1; o <= 6; o++) {
            gcw.put(o); // 4 fill wbuf1, then a swap: wbuf1 holds 2, the spare holds 4
        }
        gcw.balance();
        assertThat(lists.objectsOn(WorkbufLists.Kind.FULL)).as("the non-empty spare goes to work.full").isEqualTo(4);
        gcw.put(7); // wbuf1 now holds 3 > threshold 2 (Go's 4, lowered for 4-slot buffers)
        gcw.balance();
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).isEqualTo(2);
        assertThat(lists.objectsOn(WorkbufLists.Kind.FULL)).as("handoff leaves ceil(3/2) on the list").isEqualTo(6);
        assertThat(gcw.tryGet()).as("and keeps the top half").isEqualTo(7);
        assertThat(gcw.tryGet()).isNotZero(); // now from work.full
        lists.checkConservation(gcw.held());
    }

    @Test
    void putOfZeroIsRejected() {
        GcWork gcw = new GcWork(new WorkbufLists(4));
        assertThatThrownBy(() -> gcw.put(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("gcWork.put: object id 0 is reserved for \"no object\"");
    }

    @Test
    void ownerCheckRunsFirstInEveryOperation() {
        assumeTrue(Debug.CHECKS, "the owner hook runs only with -Dgort.debug=true");
        GcWork gcw = new GcWork(new WorkbufLists(4));
        AtomicInteger calls = new AtomicInteger();
        gcw.setOwnerCheck(calls::incrementAndGet);
        gcw.put(1);
        gcw.tryGet();
        gcw.balance();
        gcw.empty();
        gcw.dispose();
        assertThat(calls).hasValue(5);
        gcw.setOwnerCheck(() -> {
            throw new FatalError("gcWork: caller gort-m2 does not own P1");
        });
        assertThatThrownBy(() -> gcw.put(2)).isInstanceOf(FatalError.class).hasMessage(
            "gcWork: caller gort-m2 does not own P1");
        assertThat(gcw.held()).as("the check runs before anything changes").isZero();
    }

    @Test
    void debugContextIsRecordedWithPushedBuffers() {
        assumeTrue(Debug.CHECKS, "debug notes are kept only with -Dgort.debug=true");
        WorkbufLists lists = new WorkbufLists(4);
        GcWork gcw = new GcWork(lists);
        gcw.put(3);
        gcw.setDebugContext("dispose for P0 in forEachP round 1");
        gcw.dispose();
        Workbuf b = lists.trygetfull();
        assertThat(b.describeHistory()).contains("in \"dispose for P0 in forEachP round 1\"");
    }

    /** Random operations on three gcWorks: conservation holds after each step, and every object is got once. */
    @Test
    void conservationHoldsAfterARandomSequence() {
        long seed = Long.getLong("gort.seed", System.nanoTime());
        Random rnd = new Random(seed);
        WorkbufLists lists = new WorkbufLists(3);
        GcWork[] ps = {new GcWork(lists), new GcWork(lists), new GcWork(lists)};
        Set<Long> put = new HashSet<>();
        List<Long> got = new ArrayList<>();
        long next = 1;
        for (int step = 0; step < 20_000; step++) {
            GcWork gcw = ps[rnd.nextInt(ps.length)];
            int op = rnd.nextInt(10);
            if (op < 5) {
                gcw.put(next);
                put.add(next++);
            } else if (op < 8) {
                long o = gcw.tryGet();
                if (o != 0) {
                    got.add(o);
                }
            } else if (op < 9) {
                gcw.balance();
            } else {
                gcw.dispose();
            }
            int held = 0;
            for (GcWork p : ps) {
                held += p.held();
            }
            int s = step;
            try {
                lists.checkConservation(held);
            } catch (WorkbufListViolation e) {
                throw new AssertionError("seed " + seed + ", step " + s + ": " + e.getMessage(), e);
            }
        }
        for (GcWork p : ps) {
            p.dispose();
        }
        GcWork drain = new GcWork(lists);
        for (long o = drain.tryGet(); o != 0; o = drain.tryGet()) {
            got.add(o);
        }
        drain.dispose();
        assertThat(got).as("seed %d: every object got exactly once", seed).doesNotHaveDuplicates()
            .hasSize(put.size()).containsExactlyInAnyOrderElementsOf(put);
        lists.checkConservation(0);
        assertThat(lists.countOn(WorkbufLists.Kind.FULL)).isZero();
    }
}
