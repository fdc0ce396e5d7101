package io.github.gort.internal.gcwork;

import io.github.gort.internal.scheduler.Debug;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checks the global lists (testing.md, Layer A item 7): threads take buffers from work.empty, work.full and
 * work.partial into their hands, fill and drain them, hand off half, and push them back. Operations return nothing:
 * trygetfull pops two lists one after the other, so it is not linearizable and Go does not need it to be. Instead,
 * any checknonempty/checkempty/where-tag failure inside an operation fails the run, and a validation checks after
 * every run: conservation of buffers (lists + hands == allocated), of objects (added - taken == objects held), each
 * buffer in one place, and pushes - pops == length for every list.
 */
class WorkbufListsLincheckTest {
    private static final int CAP = 3;
    private static final int MAX_THREAD_IDS = 8;
    private static final int MAX_HAND = 32;

    public static class ListsModel {
        private final WorkbufLists lists = new WorkbufLists(CAP);
        /** hands[t] is thread t's LIFO of held buffers; only thread t touches row t. */
        private final Workbuf[][] hands = new Workbuf[MAX_THREAD_IDS][MAX_HAND];
        private final int[] handSize = new int[MAX_THREAD_IDS];
        private final long[] added = new long[MAX_THREAD_IDS];
        private final long[] taken = new long[MAX_THREAD_IDS];

        private Workbuf top(int t) {
            return handSize[t] == 0 ? null : hands[t][handSize[t] - 1];
        }

        private void hold(int t, Workbuf b) {
            hands[t][handSize[t]++] = b;
        }

        @Operation
        public void getempty(@Param(gen = ThreadIdGen.class) int t) {
            hold(t, lists.getempty());
        }

        @Operation
        public void trygetfull(@Param(gen = ThreadIdGen.class) int t) {
            Workbuf b = lists.trygetfull();
            if (b != null) {
                hold(t, b);
            }
        }

        /** Appends up to n objects to the top buffer in hand. */
        @Operation
        public void fill(@Param(gen = ThreadIdGen.class) int t, @Param(gen = IntGen.class, conf = "1:3") int n) {
            Workbuf b = top(t);
            for (int i = 0; b != null && i < n && b.nobj < b.capacity(); i++) {
                b.append(t + 1);
                added[t]++;
            }
        }

        @Operation
        public void takeOne(@Param(gen = ThreadIdGen.class) int t) {
            Workbuf b = top(t);
            if (b != null && b.nobj > 0) {
                b.takeLast();
                taken[t]++;
            }
        }

        @Operation
        public void handoff(@Param(gen = ThreadIdGen.class) int t) {
            Workbuf b = top(t);
            if (b != null && b.nobj >= 2) {
                hands[t][handSize[t] - 1] = lists.handoff(b);
            }
        }

        /** Pushes the top buffer to the list its count calls for: empty, or full (even if partly full, as dispose). */
        @Operation
        public void release(@Param(gen = ThreadIdGen.class) int t) {
            Workbuf b = top(t);
            if (b == null) {
                return;
            }
            handSize[t]--;
            if (b.nobj == 0) {
                lists.putempty(b);
            } else {
                lists.putfull(b);
            }
        }

        @Operation
        public void putpartial(@Param(gen = ThreadIdGen.class) int t) {
            Workbuf b = top(t);
            if (b != null && b.nobj > 0 && b.nobj < b.capacity()) {
                handSize[t]--;
                lists.putpartial(b);
            }
        }

        @Validate
        public void conservation() {
            int held = 0;
            long objects = 0;
            java.util.BitSet inHand = new java.util.BitSet();
            for (int t = 0; t < MAX_THREAD_IDS; t++) {
                for (int k = 0; k < handSize[t]; k++) {
                    Workbuf b = hands[t][k];
                    if (inHand.get(b.index)) {
                        throw new IllegalStateException("workbuf #" + b.index + " is in two hands");
                    }
                    inHand.set(b.index);
                    if (Debug.CHECKS && b.whereVolatile() != Workbuf.IN_HAND) {
                        throw new IllegalStateException(b + " is in hand of thread " + t + " but tagged "
                            + Workbuf.whereName(b.whereVolatile()));
                    }
                    held++;
                    objects += b.nobj;
                }
            }
            lists.checkConservation(held);
            long net = 0;
            for (int t = 0; t < MAX_THREAD_IDS; t++) {
                net += added[t] - taken[t];
            }
            for (WorkbufLists.Kind k : WorkbufLists.Kind.values()) {
                objects += lists.objectsOn(k);
                if (Debug.CHECKS && lists.pushes(k) - lists.pops(k) != lists.countOn(k)) {
                    throw new IllegalStateException(k.goName() + ": " + lists.pushes(k) + " pushes - " + lists.pops(k)
                        + " pops != " + lists.countOn(k) + " listed");
                }
            }
            if (objects != net) {
                throw new IllegalStateException(net + " objects added and not taken, but " + objects + " held");
            }
        }
    }

    @Test
    void listsKeepCountsAndConserveBuffers() {
        long t0 = System.nanoTime();
        LfStackLincheckTest.options().check(ListsModel.class);
        LfStackLincheckTest.report("work.full/empty/partial with hands", LfStackLincheckTest.scaled(30), t0);
    }
}
