package io.github.gort.agent;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.PseudoInstruction;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An innermost loop of the form javac writes for {@code for (int i = ...; i < n; i++) body}, which gort-agent
 * strip-mines: the loop runs in strips of up to {@link #STRIP} iterations, an inner loop without a poll, and polls
 * once per strip, as C2 places its own safepoint poll in a counted loop ({@code -XX:LoopStripMiningIter}). A poll
 * on every back-edge of such a loop costs as much as its body when the body is a few instructions (JMH,
 * docs/performance.md: the schedlatency LCG 2.8x, an int sum 1.1-1.2x), since the volatile read stays in every
 * unrolled copy; one poll per strip leaves the inner loop as the JIT compiles it without the agent. A preemption
 * request then waits at most one strip of iterations.
 *
 * <h2>The shape</h2>
 * <pre>
 * H:    iload i; (iload n | aload a; arraylength | int constant); if_icmpge X     the test, at the loop's head
 *       body                                                                      no loop, call, monitor enter
 *                                                                                 or array allocation; no store
 *                                                                                 to i, n or a
 *       iinc i 1
 *       goto H                                                                    the back-edge
 * X:
 * </pre>
 * becomes
 * <pre>
 * H:    iload i; (bound); if_icmpge X
 *       limit = i + Math.min(bound - i, STRIP)                                    a new int local
 * B:    body
 *       iinc i 1
 *       iload i; iload limit; if_icmplt B                                         the strip's back-edge: no poll
 *       LoopPoll.poll()
 *       goto H
 * X:
 * </pre>
 * A loop whose start and bound are both constants at most one strip apart (the inner loop of a matrix product,
 * {@code for (int j = 0; j < 48; j++)}), entered only from above, is left without a poll and without a limit: it
 * is one strip, and the loop around it (or the caller's) polls.
 *
 * <p>The bound is loop-invariant (a local the body never stores, an array's length, a constant), so testing it once
 * per strip is the same as testing it every pass: {@code i < limit} implies {@code i < bound}, and
 * {@code i + (bound - i)} is {@code bound} even when the subtraction wraps. The body may leave the loop (break,
 * return, throw) as before. Each frame of the stack map table inside the body gains the new local as an
 * {@code int}, and B gets H's frame with it, so the table stays true without recomputing it; that is why nothing
 * outside the body may jump into it, and an exception handler inside it must cover only code inside it.
 *
 * @param test      element index of the {@code if_icmpge} at the head
 * @param backEdge  element index of the {@code goto} back to the head
 * @param header    the head's label, H
 * @param induction the local slot of i
 * @param bound     the instructions that push the bound
 * @param withinOneStrip its constant start and bound make at most one strip: no poll, no limit
 */
record CountedLoop(int test, int backEdge, Label header, int induction, List<Instruction> bound,
        boolean withinOneStrip) {
    /**
     * Passes per strip: one poll per this many. C2 strips its own loops by 1,000, but its unrolled loop then runs
     * a pre-loop and a post-loop of up to 15 single passes per strip: measured on the schedlatency LCG, strips of
     * 1,024 cost 1.14-1.22x, which 16,384 makes about 1/16 of that. A strip's body has no call (see
     * {@link #mayTakeLong}): at a nanosecond a pass, a strip is 16 µs, far inside sysmon's 10 ms.
     */
    static final int STRIP = 16_384;
    /** Bytes a strip-mined loop grows by, at most (the limit's computation and the strip's test, wide forms). */
    static final int GROWTH_BYTES = 32;

    /** The strip-minable loops among code's elements, in code order (innermost loops only, so they never nest). */
    static List<CountedLoop> find(List<CodeElement> code, Map<Label, Integer> labelIndex,
            List<ExceptionCatch> handlers) {
        List<CountedLoop> loops = new ArrayList<>();
        for (int g = 0; g < code.size(); g++) {
            if (code.get(g) instanceof BranchInstruction b && b.opcode() == Opcode.GOTO
                    && labelIndex.getOrDefault(b.target(), Integer.MAX_VALUE) < g) {
                CountedLoop loop = match(code, labelIndex, handlers, labelIndex.get(b.target()), g, b.target());
                if (loop != null) {
                    loops.add(loop);
                }
            }
        }
        return loops;
    }

    private static CountedLoop match(List<CodeElement> code, Map<Label, Integer> labelIndex,
            List<ExceptionCatch> handlers, int h, int g, Label header) {
        int k = nextInstruction(code, h + 1);
        if (k < 0 || !(code.get(k) instanceof LoadInstruction li) || li.typeKind() != TypeKind.INT) {
            return null;
        }
        int i = li.slot();
        List<Instruction> bound = new ArrayList<>();
        int stored = -1;                                    // a local the bound reads, which the body must not store
        k = nextInstruction(code, k + 1);
        if (k < 0) {
            return null;
        }
        switch (code.get(k)) {
            case LoadInstruction n when n.typeKind() == TypeKind.INT && n.slot() != i -> {
                bound.add(n);
                stored = n.slot();
            }
            case LoadInstruction a when a.typeKind() == TypeKind.REFERENCE -> {
                int len = nextInstruction(code, k + 1);
                if (len < 0 || !(code.get(len) instanceof OperatorInstruction op) || op.opcode() != Opcode.ARRAYLENGTH) {
                    return null;
                }
                bound.add(a);
                bound.add(op);
                stored = a.slot();
                k = len;
            }
            case ConstantInstruction c when c.constantValue() instanceof Integer -> bound.add(c);
            default -> {
                return null;
            }
        }
        int t = nextInstruction(code, k + 1);
        if (t < 0 || !(code.get(t) instanceof BranchInstruction test) || test.opcode() != Opcode.IF_ICMPGE
                || labelIndex.getOrDefault(test.target(), -1) <= g) {
            return null;                                    // not the head's test, or it does not leave the loop
        }
        int u = previousInstruction(code, g - 1);
        if (u <= t || !(code.get(u) instanceof IncrementInstruction inc) || inc.slot() != i || inc.constant() != 1) {
            return null;
        }
        for (int j = t + 1; j < g; j++) {
            CodeElement e = code.get(j);
            if (j != u && writes(e, i) || stored >= 0 && writes(e, stored) || e instanceof DiscontinuedInstruction
                    || jumpsTo(e, labelIndex, 0, j + 1) || mayTakeLong(e)) {
                return null;                                // i or the bound changes, a jsr, a loop, a call inside
            }
        }
        for (int j = 0; j < code.size(); j++) {
            if ((j <= t || j > g) && jumpsTo(code.get(j), labelIndex, t + 1, g)) {
                return null;                                // a jump into the body from outside it
            }
        }
        for (ExceptionCatch ec : handlers) {
            int handler = labelIndex.getOrDefault(ec.handler(), -1);
            if (handler > t && handler < g && (labelIndex.getOrDefault(ec.tryStart(), -1) <= t
                    || labelIndex.getOrDefault(ec.tryEnd(), Integer.MAX_VALUE) > g)) {
                return null;                                // a handler inside the body for code outside it
            }
        }
        return new CountedLoop(t, g, header, i, List.copyOf(bound), withinOneStrip(code, labelIndex, h, k, i, bound, g));
    }

    /**
     * Whether the loop at h (its test's bound ends at element k) runs at most one strip: {@code i} is set from an int
     * constant just above the head, the bound is a constant at most {@link #STRIP} above it, and nothing but the
     * back-edge at g jumps to the head (or to a label between the store and the head's test).
     */
    private static boolean withinOneStrip(List<CodeElement> code, Map<Label, Integer> labelIndex, int h, int k, int i,
            List<Instruction> bound, int g) {
        if (bound.size() != 1 || !(bound.getFirst() instanceof ConstantInstruction b)) {
            return false;
        }
        int store = previousInstruction(code, h - 1);
        if (store < 0 || !(code.get(store) instanceof StoreInstruction st) || st.slot() != i
                || st.typeKind() != TypeKind.INT) {
            return false;
        }
        int start = previousInstruction(code, store - 1);
        if (start < 0 || !(code.get(start) instanceof ConstantInstruction c) || !(c.constantValue() instanceof Integer from)
                || (long) (Integer) b.constantValue() - from > STRIP) {
            return false;
        }
        for (int j = 0; j < code.size(); j++) {
            if (j != g && jumpsTo(code.get(j), labelIndex, store + 1, k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether e may take long without a poll of its own: a call (JDK code is never rewritten, and one call can
     * last milliseconds, so a strip of them could keep a P for seconds), a monitor enter, an array allocation (it
     * zeroes the array). A body with one keeps its poll on every back-edge, where the poll costs little next to the
     * call (JMH: the loop with a virtual call, 1.00x).
     */
    private static boolean mayTakeLong(CodeElement e) {
        return e instanceof InvokeInstruction || e instanceof InvokeDynamicInstruction
                || e instanceof MonitorInstruction || e instanceof NewPrimitiveArrayInstruction
                || e instanceof NewReferenceArrayInstruction || e instanceof NewMultiArrayInstruction;
    }

    /** Whether element e stores into local slot (a store or an iinc). */
    private static boolean writes(CodeElement e, int slot) {
        return e instanceof StoreInstruction s && (s.slot() == slot || s.typeKind().slotSize() == 2
                && s.slot() + 1 == slot) || e instanceof IncrementInstruction inc && inc.slot() == slot;
    }

    /** Whether e branches (or switches) to a label whose element index is in [from, to). */
    private static boolean jumpsTo(CodeElement e, Map<Label, Integer> labelIndex, int from, int to) {
        return switch (e) {
            case BranchInstruction b -> in(labelIndex, b.target(), from, to);
            case TableSwitchInstruction ts -> in(labelIndex, ts.defaultTarget(), from, to) || anyIn(ts.cases(),
                    labelIndex, from, to);
            case LookupSwitchInstruction ls -> in(labelIndex, ls.defaultTarget(), from, to) || anyIn(ls.cases(),
                    labelIndex, from, to);
            default -> false;
        };
    }

    private static boolean anyIn(List<SwitchCase> cases, Map<Label, Integer> labelIndex, int from, int to) {
        for (SwitchCase c : cases) {
            if (in(labelIndex, c.target(), from, to)) {
                return true;
            }
        }
        return false;
    }

    private static boolean in(Map<Label, Integer> labelIndex, Label l, int from, int to) {
        Integer at = labelIndex.get(l);
        return at != null && at >= from && at < to;
    }

    /** The index of the first instruction at or after from, skipping labels and pseudo-instructions; -1: none. */
    private static int nextInstruction(List<CodeElement> code, int from) {
        return instruction(code, from, 1);
    }

    /** The index of the last instruction at or before from, skipping labels and pseudo-instructions; -1: none. */
    private static int previousInstruction(List<CodeElement> code, int from) {
        return instruction(code, from, -1);
    }

    /** The first instruction from from on, stepping by step (1 or -1) over pseudo-instructions; -1 at anything else. */
    private static int instruction(List<CodeElement> code, int from, int step) {
        for (int j = from; j >= 0 && j < code.size(); j += step) {
            CodeElement e = code.get(j);
            if (e instanceof Instruction) {
                return j;
            }
            if (!(e instanceof PseudoInstruction)) {
                return -1;
            }
        }
        return -1;
    }
}
