package io.github.gort.agent;

import java.lang.classfile.ClassFile;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.RuntimeInvisibleTypeAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeVisibleTypeAnnotationsAttribute;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.attribute.StackMapFrameInfo.SimpleVerificationTypeInfo;
import java.lang.classfile.attribute.StackMapFrameInfo.VerificationTypeInfo;
import java.lang.classfile.attribute.StackMapTableAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites one class file so that its loops poll for preemption: a call of
 * {@code io.github.gort.internal.preempt.LoopPoll.poll()} just before every backward branch (a {@code goto}, an
 * {@code if*} or a switch whose target comes earlier in the code: a loop's back-edge), and at the entry of every
 * method that calls itself (recursion without loops). Go: {@code cmd/compile/internal/ssa/loopreschedchecks.go},
 * which puts a check on back-edges too; here the JIT inlines the call to one volatile read and a branch.
 *
 * <p>The call takes nothing from the operand stack and leaves nothing on it, and adds no branch target, so every
 * frame of the method's stack map table stays true: the table is kept as it was (its frames are tied to labels,
 * which the ClassFile API places at the new offsets), instead of being recomputed. Recomputing would need the
 * class hierarchy of every type the method merges, parsed from other class files while a class loads, and would
 * fail for types no resource describes. A method whose short branches would overflow (code near 32 KB) is refused
 * rather than widened, since widening adds branch targets the kept table lacks. Class initializers are left
 * alone: a class initializer's stack is pinned (the JVM calls it), so its poll could never yield. Type annotations
 * on code are built again from their labels too, so their offsets follow the instructions they name.
 *
 * <p>A counted loop ({@code for (int i = ...; i < n; i++)}, innermost) is strip-mined instead: one poll per
 * {@value CountedLoop#STRIP} iterations, so the JIT compiles its inner loop as without the agent; see
 * {@link CountedLoop}. Its new local is added to the kept frames inside the loop's body. A class whose strip-mined
 * form cannot be written (a short branch would overflow) is rewritten again with a poll on every back-edge.
 *
 * <p>A known limit: recursion through two methods or more ({@code a} calls {@code b}, {@code b} calls {@code a})
 * gets no poll, since only a method's calls of itself are seen; a goroutine deep in such a recursion without loops
 * is preempted only when it reaches a loop or a runtime call. Polls before a conditional back-edge run on every
 * test, taken or not.
 *
 * <p>Stateless and thread-safe: every call works on its own bytes.
 */
public final class LoopPollRewriter {
    /** The class the inserted calls go to, in gort-runtime. */
    public static final ClassDesc LOOP_POLL = ClassDesc.of("io.github.gort.internal.preempt.LoopPoll");
    /** Its package, as {@code Module} methods name it. */
    public static final String LOOP_POLL_PACKAGE = "io.github.gort.internal.preempt";
    private static final String POLL = "poll";
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(ConstantDescs.CD_void);
    /** Bytes one poll adds: invokestatic and a constant pool index. */
    private static final int POLL_BYTES = 3;
    /** The JVM's limit on a method's code (JVMS 4.7.3). */
    private static final int MAX_CODE_LENGTH = 65_535;
    /** What the ClassFile API says when a short branch cannot reach its target (FAIL_ON_SHORT_JUMPS). */
    private static final String SHORT_JUMP_OVERFLOW = "Label target offset overflow";

    private LoopPollRewriter() {}

    /**
     * What a rewrite did.
     *
     * @param bytes      the new class file, or null when the class has no loop or self-call (left as it was)
     * @param backEdges  polls put on back-edges
     * @param entries    polls put at the entry of methods that call themselves
     * @param stripMined counted loops given one poll per strip (their back-edges are among backEdges), or none for
     *                   a loop of one strip (not among backEdges)
     */
    public record Result(byte[] bytes, int backEdges, int entries, int stripMined) {
        public boolean changed() {
            return bytes != null;
        }
    }

    /**
     * Rewrites classfile as the agent does: counted loops strip-mined, or, when that form cannot be written, a poll on
     * every back-edge.
     *
     * @throws IllegalArgumentException when the class cannot be rewritten (a method grows past 64 KB, a short
     *                                  branch would overflow, a malformed class file), naming the method and why;
     *                                  the caller keeps the original
     */
    public static Result rewrite(byte[] classfile) {
        try {
            return rewrite(classfile, Shape.STRIP_MINED);
        } catch (RuntimeException stripFailed) {             // its growth, a short branch, a shape not foreseen
            return rewrite(classfile, Shape.EVERY_BACK_EDGE);
        }
    }

    /** Where counted loops poll: once per strip, or on every back-edge as other loops do. */
    enum Shape { STRIP_MINED, EVERY_BACK_EDGE }

    /** Rewrites classfile with counted loops' polls placed as shape says (tests compare the two). */
    static Result rewrite(byte[] classfile, Shape shape) {
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS,
                ClassFile.ShortJumpsOption.FAIL_ON_SHORT_JUMPS);
        ClassModel cm = cf.parse(classfile);
        ClassDesc self = cm.thisClass().asSymbol();
        Map<String, Plan> plans = new HashMap<>();          // by name and descriptor
        int backEdges = 0;
        int entries = 0;
        int stripMined = 0;
        for (MethodModel mm : cm.methods()) {
            Plan plan = Plan.of(self, mm, shape);
            if (plan.polls()) {
                refuseTooLong(self, mm, plan);
                plans.put(key(mm), plan);
                backEdges += plan.backEdges;
                entries += plan.entry ? 1 : 0;
                stripMined += plan.loops.size();
            }
        }
        if (plans.isEmpty()) {
            return new Result(null, 0, 0, 0);
        }
        ClassTransform transform = (clb, ce) -> {
            Plan plan = ce instanceof MethodModel mm ? plans.get(key(mm)) : null;
            if (plan != null) {
                MethodModel mm = (MethodModel) ce;
                StackMapTableAttribute frames = mm.code().flatMap(c -> c.findAttribute(Attributes.stackMapTable()))
                        .orElse(null);
                try {
                    clb.transformMethod(mm, MethodTransform.transformingCode(new PollInsertion(plan, frames)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where(self, mm) + (SHORT_JUMP_OVERFLOW.equals(e.getMessage())
                            ? ": with its polls in, a short branch (goto, if*) would reach past its 32 KB range;"
                            + " widening it would add a frame the kept stack map table lacks, so the class is"
                            + " left without loop polls (splitting the method gives it them)"
                            : ": cannot take its polls: " + e.getMessage()), e);
                }
            } else {
                clb.with(ce);
            }
        };
        return new Result(cf.transformClass(cm, transform), backEdges, entries, stripMined);
    }

    /** Refuses a method whose code would grow past the JVM's limit with the polls plan puts in. */
    private static void refuseTooLong(ClassDesc self, MethodModel mm, Plan plan) {
        int length = mm.findAttribute(Attributes.code()).orElseThrow().codeLength();
        int grown = length + POLL_BYTES * (plan.backEdges + (plan.entry ? 1 : 0))
                + CountedLoop.GROWTH_BYTES * plan.loops.size();
        if (grown > MAX_CODE_LENGTH) {
            throw new IllegalArgumentException(where(self, mm) + ": its code (" + length + " bytes) would grow to "
                    + grown + " with its polls, past the JVM's limit of " + MAX_CODE_LENGTH + " bytes a method;"
                    + " the class is left without loop polls (splitting the method gives it them)");
        }
    }

    /** The method, as messages name it: {@code com.example.Foo.run(I)I}. */
    private static String where(ClassDesc self, MethodModel mm) {
        return self.packageName() + (self.packageName().isEmpty() ? "" : ".") + self.displayName() + "."
                + mm.methodName().stringValue() + mm.methodType().stringValue();
    }

    private static String key(MethodModel mm) {
        return mm.methodName().stringValue() + mm.methodType().stringValue();
    }

    /**
     * What one method needs: how many back-edges it has, whether it calls itself, and which of its loops are
     * strip-mined (with the elements' indices they refer to, and the method's locals before the new ones).
     */
    private record Plan(int backEdges, boolean entry, List<CountedLoop> loops, Map<Label, Integer> labelIndex,
            int maxLocals) {
        static final Plan NONE = new Plan(0, false, List.of(), Map.of(), 0);

        boolean polls() {
            return backEdges > 0 || entry;
        }

        static Plan of(ClassDesc self, MethodModel mm, Shape shape) {
            if (mm.methodName().equalsString(ConstantDescs.CLASS_INIT_NAME) || mm.code().isEmpty()) {
                return NONE;
            }
            CodeModel code = mm.code().get();
            List<CodeElement> elements = code.elementList();
            Map<Label, Integer> labelIndex = new HashMap<>();
            int backEdges = 0;
            boolean recursive = false;
            for (int i = 0; i < elements.size(); i++) {
                CodeElement e = elements.get(i);
                if (e instanceof LabelTarget lt) {
                    labelIndex.put(lt.label(), i);
                } else if (isBackward(e, labelIndex.keySet())) {
                    backEdges++;
                } else if (e instanceof InvokeInstruction inv && inv.owner().asSymbol().equals(self)
                        && inv.name().equals(mm.methodName()) && inv.type().equals(mm.methodType())) {
                    recursive = true;
                }
            }
            if (backEdges == 0 && !recursive) {
                return NONE;
            }
            List<CountedLoop> loops = shape == Shape.STRIP_MINED
                    ? CountedLoop.find(elements, labelIndex, code.exceptionHandlers()) : List.of();
            int maxLocals = mm.findAttribute(Attributes.code()).orElseThrow().maxLocals();
            int polled = backEdges - (int) loops.stream().filter(CountedLoop::withinOneStrip).count();
            return new Plan(polled, recursive, loops, labelIndex, maxLocals);
        }
    }

    /** True if e branches to a label already bound (earlier in the code). */
    private static boolean isBackward(CodeElement e, Set<Label> bound) {
        return switch (e) {
            case BranchInstruction b -> bound.contains(b.target());
            case TableSwitchInstruction ts -> bound.contains(ts.defaultTarget()) || anyBound(ts.cases(), bound);
            case LookupSwitchInstruction ls -> bound.contains(ls.defaultTarget()) || anyBound(ls.cases(), bound);
            default -> false;
        };
    }

    private static boolean anyBound(List<SwitchCase> cases, Set<Label> bound) {
        for (SwitchCase c : cases) {
            if (bound.contains(c.target())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The per-method transform: the poll before each back-edge, and at the entry if asked; a counted loop's limit
     * after its head's test and its strip's test before its back-edge; at the end, the method's own stack map table
     * again, with the strip-mined loops' locals and frames added (null: it had none, as before class file version
     * 50). One per method; elements arrive in the order the plan indexed them.
     */
    private static final class PollInsertion implements CodeTransform {
        private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");
        private static final MethodTypeDesc INT_INT_INT = MethodTypeDesc.of(ConstantDescs.CD_int,
                ConstantDescs.CD_int, ConstantDescs.CD_int);
        private final Plan plan;
        private final StackMapTableAttribute frames;
        private final Set<Label> bound = new HashSet<>();
        /** Per strip-mined loop: the label of its inner loop's head (B), bound after the limit's computation. */
        private final Label[] strips;
        /** Per strip-mined loop: its limit's local slot, after the method's own (-1: one strip, no limit). */
        private final int[] limits;
        private int index;

        PollInsertion(Plan plan, StackMapTableAttribute frames) {
            this.plan = plan;
            this.frames = frames;
            this.strips = new Label[plan.loops.size()];
            this.limits = new int[plan.loops.size()];
            int next = plan.maxLocals;
            for (int k = 0; k < limits.length; k++) {
                limits[k] = plan.loops.get(k).withinOneStrip() ? -1 : next++;
            }
        }

        @Override
        public void atEnd(CodeBuilder cob) {
            if (frames != null) {
                cob.with(StackMapTableAttribute.of(plan.loops.isEmpty() ? frames.entries() : stripFrames()));
            }
        }

        @Override
        public void atStart(CodeBuilder cob) {
            if (plan.entry) {
                poll(cob);
            }
        }

        @Override
        public void accept(CodeBuilder cob, CodeElement e) {
            int at = index++;
            switch (e) {
                case LabelTarget lt -> bound.add(lt.label());
                // Type annotations on code name offsets (a cast, a new, a local's range): the parsed attribute would
                // be copied as its bytes, with the offsets of before; built again, its labels find the new ones.
                case RuntimeVisibleTypeAnnotationsAttribute a -> {
                    cob.with(RuntimeVisibleTypeAnnotationsAttribute.of(a.annotations()));
                    return;
                }
                case RuntimeInvisibleTypeAnnotationsAttribute a -> {
                    cob.with(RuntimeInvisibleTypeAnnotationsAttribute.of(a.annotations()));
                    return;
                }
                default -> {
                    int k = loopAt(at);
                    if (k >= 0) {
                        strip(cob, e, k, at);
                        return;
                    }
                    if (isBackward(e, bound)) {
                        poll(cob);
                    }
                }
            }
            cob.with(e);
        }

        /** The index of the strip-mined loop whose head test or back-edge is element at, or -1. */
        private int loopAt(int at) {
            for (int k = 0; k < plan.loops.size(); k++) {
                CountedLoop loop = plan.loops.get(k);
                if (loop.test() == at || loop.backEdge() == at) {
                    return k;
                }
            }
            return -1;
        }

        /** Element e is loop k's head test (then the limit follows) or its back-edge (the strip's test first). */
        private void strip(CodeBuilder cob, CodeElement e, int k, int at) {
            CountedLoop loop = plan.loops.get(k);
            int limit = limits[k];
            if (limit < 0) {
                cob.with(e);                                 // one strip: the test as it was, the back-edge bare
                return;
            }
            if (loop.test() == at) {
                cob.with(e);
                for (var ins : loop.bound()) {
                    cob.with(ins);
                }
                cob.iload(loop.induction()).isub().sipush(CountedLoop.STRIP)
                        .invokestatic(MATH, "min", INT_INT_INT)
                        .iload(loop.induction()).iadd().istore(limit);
                strips[k] = cob.newBoundLabel();
            } else {
                cob.iload(loop.induction()).iload(limit).if_icmplt(strips[k]);
                poll(cob);
                cob.with(e);
            }
        }

        /**
         * The kept frames, each inside a strip-mined body with that loop's limit as an int, and a frame at each
         * inner head (B): the loop head's frame with the limit. Sorted by position, as the table must be.
         */
        private List<StackMapFrameInfo> stripFrames() {
            record At(long position, StackMapFrameInfo frame) {}
            List<At> out = new ArrayList<>();
            for (StackMapFrameInfo f : frames.entries()) {
                int x = plan.labelIndex.getOrDefault(f.target(), -1);
                out.add(new At(2L * x, StackMapFrameInfo.of(f.target(), withLimits(f.locals(), x), f.stack())));
            }
            for (int k = 0; k < plan.loops.size(); k++) {
                CountedLoop loop = plan.loops.get(k);
                if (limits[k] < 0) {
                    continue;
                }
                int h = plan.labelIndex.get(loop.header());
                StackMapFrameInfo head = frames.entries().stream()
                        .filter(f -> plan.labelIndex.getOrDefault(f.target(), -1) == h).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no frame at a loop's head"));
                out.add(new At(2L * loop.test() + 1, StackMapFrameInfo.of(strips[k],
                        withLimits(head.locals(), loop.test() + 1), head.stack())));
            }
            out.sort(Comparator.comparingLong(At::position));
            return out.stream().map(At::frame).toList();
        }

        /** locals, with the limit of every strip-mined loop whose body holds element x as an int (others: top). */
        private List<VerificationTypeInfo> withLimits(List<VerificationTypeInfo> locals, int x) {
            int inside = -1;
            for (int k = 0; k < plan.loops.size(); k++) {
                if (limits[k] >= 0 && plan.loops.get(k).test() < x && x < plan.loops.get(k).backEdge()) {
                    inside = k;                              // loops never nest: at most one
                }
            }
            if (inside < 0) {
                return locals;
            }
            List<VerificationTypeInfo> out = new ArrayList<>(locals);
            int slots = 0;
            for (VerificationTypeInfo v : locals) {
                slots += v == SimpleVerificationTypeInfo.LONG || v == SimpleVerificationTypeInfo.DOUBLE ? 2 : 1;
            }
            while (slots < limits[inside]) {
                out.add(SimpleVerificationTypeInfo.TOP);
                slots++;
            }
            out.add(SimpleVerificationTypeInfo.INTEGER);
            return out;
        }

        private static void poll(CodeBuilder cob) {
            cob.invokestatic(LOOP_POLL, POLL, VOID);
        }
    }
}
