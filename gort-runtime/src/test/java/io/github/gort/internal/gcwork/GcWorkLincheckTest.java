package io.github.gort.internal.gcwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gort.diagnosis.WorkbufListViolation;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checks one P's {@link GcWork} (testing.md, Layer A item 8): its owner puts, tries to get, balances and
 * disposes, while other threads act like other Ps' gcWorks, stealing buffers from work.full and cycling buffers
 * through work.empty. After every run a validation disposes, drains the lists and checks that every object put was
 * got exactly once and that buffers are conserved. The mutant lets a thread that does not own the P dispose its
 * gcWork while the owner works: golang/go#11640 in miniature, which must be caught.
 */
class GcWorkLincheckTest {
    private static final int CAP = 2;
    private static final int MAX_THREAD_IDS = 8;
    private static final int MAX_OBJECTS = 64;

    /** The shared state and the operations; only the concrete models carry Lincheck annotations. */
    abstract static class Model {
        final WorkbufLists lists = new WorkbufLists(CAP);
        final GcWork gcw = new GcWork(lists);
        /** The next object id the owner puts; ids 1 .. nextObj-1 have been put. Owner only. */
        long nextObj = 1;
        /** got[t] lists the objects thread t got; only thread t writes row t. */
        final long[][] got = new long[MAX_THREAD_IDS][MAX_OBJECTS];
        final int[] gotN = new int[MAX_THREAD_IDS];
        /** Objects found on the lists by the validation. */
        final long[] drained = new long[MAX_OBJECTS];
        int drainedN;

        void putImpl(int n) {
            for (int i = 0; i < n; i++) {
                gcw.put(nextObj++);
            }
        }

        void tryGetImpl(int t) {
            long obj = gcw.tryGet();
            if (obj != 0) {
                got[t][gotN[t]++] = obj;
            }
        }

        /** Another P's gcWork taking a buffer of work: pop work.full, drain it, return it to work.empty. */
        void stealImpl(int t) {
            Workbuf b = lists.trygetfull();
            if (b != null) {
                while (b.nobj > 0) {
                    got[t][gotN[t]++] = b.takeLast();
                }
                lists.putempty(b);
            }
        }

        /** Another P's gcWork taking and returning an empty buffer. */
        void recycleImpl() {
            lists.putempty(lists.getempty());
        }

        /** Every object put is got exactly once, or still on a list; buffers are conserved. */
        void exactlyOnceImpl() {
            gcw.dispose();
            for (Workbuf b = lists.trygetfull(); b != null; b = lists.trygetfull()) {
                while (b.nobj > 0) {
                    drained[drainedN++] = b.takeLast();
                }
                lists.putempty(b);
            }
            lists.checkConservation(0);
            int[] seen = new int[(int) nextObj];
            for (int t = 0; t < MAX_THREAD_IDS; t++) {
                for (int k = 0; k < gotN[t]; k++) {
                    count(seen, got[t][k]);
                }
            }
            for (int k = 0; k < drainedN; k++) {
                count(seen, drained[k]);
            }
            for (int id = 1; id < nextObj; id++) {
                if (seen[id] != 1) {
                    throw new IllegalStateException("object " + id + " was got " + seen[id] + " times, expected once");
                }
            }
        }

        private static void count(int[] seen, long obj) {
            if (obj <= 0 || obj >= seen.length) {
                throw new IllegalStateException("object " + obj + " was got but never put");
            }
            seen[(int) obj]++;
        }
    }

    /** The correct use: every gcWork operation by the owner. */
    public static class OwnerModel extends Model {
        @Operation(nonParallelGroup = "owner")
        public void put(@Param(gen = IntGen.class, conf = "1:3") int n) {
            putImpl(n);
        }

        @Operation(nonParallelGroup = "owner")
        public void tryGet(@Param(gen = ThreadIdGen.class) int t) {
            tryGetImpl(t);
        }

        @Operation(nonParallelGroup = "owner")
        public void balance() {
            gcw.balance();
        }

        @Operation(nonParallelGroup = "owner")
        public void dispose() {
            gcw.dispose();
        }

        @Operation
        public void steal(@Param(gen = ThreadIdGen.class) int t) {
            stealImpl(t);
        }

        @Operation
        public void recycle() {
            recycleImpl();
        }

        @Validate
        public void exactlyOnce() {
            exactlyOnceImpl();
        }
    }

    /** The seed bug: dispose by a thread that does not own the P, concurrently with the owner's put and tryGet. */
    public static class NonOwnerDisposeModel extends Model {
        @Operation(nonParallelGroup = "owner")
        public void put(@Param(gen = IntGen.class, conf = "1:3") int n) {
            putImpl(n);
        }

        @Operation(nonParallelGroup = "owner")
        public void tryGet(@Param(gen = ThreadIdGen.class) int t) {
            tryGetImpl(t);
        }

        /** Not in the owner group: this is the forEachP caller and the syscall M both running dispose. */
        @Operation
        public void disposeByNonOwner() {
            gcw.dispose();
        }

        @Operation
        public void steal(@Param(gen = ThreadIdGen.class) int t) {
            stealImpl(t);
        }

        @Validate
        public void exactlyOnce() {
            exactlyOnceImpl();
        }
    }

    @Test
    void ownerOperationsWithStealingPsLoseNothing() {
        long t0 = System.nanoTime();
        // Half the other protocols' iterations: each run here is about twice as long (dispose and drain in the
        // validation), and this keeps the test near 20 s on a busy 2-core machine.
        int iterations = LfStackLincheckTest.scaled(15);
        LfStackLincheckTest.options().iterations(iterations).check(OwnerModel.class);
        LfStackLincheckTest.report("gcWork owner ops || stealing Ps", iterations, t0);
    }

    @Test
    void issue11640NonOwnerDisposeIsCaught() {
        long t0 = System.nanoTime();
        AssertionError failure = assertThrows(AssertionError.class, () -> LfStackLincheckTest.options()
            .iterations(LfStackLincheckTest.scaled(100)).minimizeFailedScenario(false)
            .check(NonOwnerDisposeModel.class));
        System.out.printf("golang/go#11640 mutant (non-owner dispose) caught in %.1f s, as required:%n%s%n",
            (System.nanoTime() - t0) / 1e9, failure.getMessage());
        assertThat(failure.getMessage()).contains("WorkbufListViolation");
    }
}
