package io.github.gort.internal.gcwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link LfStack} with recycled buffers (testing.md, Layer A item 7): each thread pops buffers into its
 * hand and pushes the oldest one back, which is exactly the pattern that makes ABA possible. Results are checked
 * against a sequential run (a stack), and a validation walks the stack and the hands: every buffer is in exactly
 * one place. The mutant, a head without the push count, must be caught.
 */
class LfStackLincheckTest {
    private static final int BUFFERS = 3;
    private static final int MAX_THREAD_IDS = 8;

    /** The operations both stacks support. */
    interface BufStack {
        void push(Workbuf b);

        Workbuf pop();

        /** Visits every listed index, top first; fails on a cycle. Quiescent only. */
        void walk(IntConsumer visitor);
    }

    /**
     * The model: BUFFERS buffers, all on the stack at the start; per-thread hands (FIFO). Lincheck finds annotated
     * methods once per class in the hierarchy, so only the concrete models carry the annotations.
     */
    abstract static class Model {
        final WorkbufPool pool = new WorkbufPool(2);
        final BufStack stack;
        /** hands[t] is thread t's FIFO ring of held buffers: handFirst[t] is the oldest, handSize[t] the count. */
        final Workbuf[][] hands = new Workbuf[MAX_THREAD_IDS][BUFFERS];
        final int[] handFirst = new int[MAX_THREAD_IDS];
        final int[] handSize = new int[MAX_THREAD_IDS];

        Model(Function<WorkbufPool, BufStack> make) {
            this.stack = make.apply(pool);
            for (int i = 0; i < BUFFERS; i++) {
                stack.push(pool.allocate());
            }
        }

        /** Pops a buffer into this thread's hand; returns its index, or null if the stack was empty. */
        Integer popImpl(int thread) {
            Workbuf b = stack.pop();
            if (b == null) {
                return null;
            }
            hands[thread][(handFirst[thread] + handSize[thread]++) % BUFFERS] = b;
            return b.index;
        }

        /** Pushes back the buffer this thread has held longest; returns its index, or null if the hand is empty. */
        Integer pushImpl(int thread) {
            if (handSize[thread] == 0) {
                return null;
            }
            Workbuf b = hands[thread][handFirst[thread]];
            handFirst[thread] = (handFirst[thread] + 1) % BUFFERS;
            handSize[thread]--;
            stack.push(b);
            return b.index;
        }

        /** Every buffer is on the stack or in one hand, exactly once. */
        void eachBufferInOnePlaceImpl() {
            BitSet seen = new BitSet();
            int[] count = {0};
            IntConsumer mark = i -> {
                if (seen.get(i)) {
                    throw new IllegalStateException("workbuf #" + i + " is in two places (stack and/or hands)");
                }
                seen.set(i);
                count[0]++;
            };
            stack.walk(mark);
            for (int t = 0; t < MAX_THREAD_IDS; t++) {
                for (int k = 0; k < handSize[t]; k++) {
                    mark.accept(hands[t][(handFirst[t] + k) % BUFFERS].index);
                }
            }
            if (count[0] != BUFFERS) {
                throw new IllegalStateException(count[0] + " buffers found on the stack and in hands, expected "
                    + BUFFERS);
            }
        }
    }

    /** The real LfStack. */
    public static class RealStackModel extends Model {
        public RealStackModel() {
            super(pool -> {
                LfStack s = new LfStack(pool, "work.full");
                return new BufStack() {
                    @Override
                    public void push(Workbuf b) {
                        s.push(b);
                    }

                    @Override
                    public Workbuf pop() {
                        return s.pop();
                    }

                    @Override
                    public void walk(IntConsumer visitor) {
                        s.walk(visitor);
                    }
                };
            });
        }

        @Operation
        public Integer pop(@Param(gen = ThreadIdGen.class) int thread) {
            return popImpl(thread);
        }

        @Operation
        public Integer push(@Param(gen = ThreadIdGen.class) int thread) {
            return pushImpl(thread);
        }

        @Validate
        public void eachBufferInOnePlace() {
            eachBufferInOnePlaceImpl();
        }
    }

    /** The mutant: a head that holds only the buffer index, no push count. */
    public static class AbaUnsafeStackModel extends Model {
        public AbaUnsafeStackModel() {
            super(AbaUnsafeStack::new);
        }

        @Operation
        public Integer pop(@Param(gen = ThreadIdGen.class) int thread) {
            return popImpl(thread);
        }

        @Operation
        public Integer push(@Param(gen = ThreadIdGen.class) int thread) {
            return pushImpl(thread);
        }

        @Validate
        public void eachBufferInOnePlace() {
            eachBufferInOnePlaceImpl();
        }
    }

    @Test
    void lfStackIsLinearizableWithRecycledBuffers() {
        long t0 = System.nanoTime();
        options().check(RealStackModel.class);
        report("LfStack push/pop with recycled buffers", scaled(30), t0);
    }

    @Test
    void abaUnsafeStackIsCaught() {
        long t0 = System.nanoTime();
        AssertionError failure = assertThrows(AssertionError.class,
            () -> options().iterations(scaled(100)).minimizeFailedScenario(false).check(AbaUnsafeStackModel.class));
        System.out.printf("ABA-unsafe stack mutant caught in %.1f s, as required:%n%s%n",
            (System.nanoTime() - t0) / 1e9, failure.getMessage());
        assertThat(failure.getMessage()).containsAnyOf("Invalid execution results", "Validation function",
            "in two places");
    }

    static ModelCheckingOptions options() {
        // Short sequential parts (Lincheck's default is 5 actors before and after): each actor there is traced on
        // every invocation too, and the parallel part is where the interleavings are.
        return new ModelCheckingOptions().iterations(scaled(30)).invocationsPerIteration(scaled(1_000)).threads(3)
            .actorsPerThread(3).actorsBefore(2).actorsAfter(1);
    }

    /** Prints the figures testing.md asks for: interleavings explored and wall time. */
    static void report(String what, int iterations, long startNanos) {
        System.out.printf("%s: passed, 3 threads x 3 actors (2 before, 1 after), %d iterations x %d invocations"
            + " = %d interleavings, %.1f s%n", what, iterations, scaled(1_000), iterations * scaled(1_000),
            (System.nanoTime() - startNanos) / 1e9);
    }

    static int scaled(int n) {
        return n * Integer.getInteger("gort.stress", 1);
    }

    /** An ABA-unsafe stack for the mutant test: head holds only the buffer index. */
    static final class AbaUnsafeStack implements BufStack {
        private final WorkbufPool pool;
        private final AtomicLong head = new AtomicLong();

        AbaUnsafeStack(WorkbufPool pool) {
            this.pool = pool;
        }

        @Override
        public void push(Workbuf b) {
            for (;;) {
                long old = head.get();
                b.setNextOpaque(old);
                if (head.compareAndSet(old, b.index)) {
                    return;
                }
            }
        }

        @Override
        public Workbuf pop() {
            for (;;) {
                long old = head.get();
                if (old == 0) {
                    return null;
                }
                Workbuf b = pool.resolve((int) old);
                if (head.compareAndSet(old, b.nextOpaque())) {
                    return b;
                }
            }
        }

        @Override
        public void walk(IntConsumer visitor) {
            int n = 0;
            for (long w = head.get(); w != 0; w = pool.resolve((int) w).nextOpaque()) {
                if (++n > BUFFERS) {
                    throw new IllegalStateException("cycle in the ABA-unsafe stack at workbuf #" + w);
                }
                visitor.accept((int) w);
            }
        }
    }
}
