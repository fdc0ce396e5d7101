package io.github.gort.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.classfile.Attribute;
import java.lang.classfile.AttributeMapper;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeAnnotation;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.RuntimeInvisibleTypeAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeVisibleTypeAnnotationsAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static java.lang.classfile.Opcode.CHECKCAST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class file shapes javac does not make but other compilers and older class files do: a class of version 49 (no
 * stack map tables: the old, inferring verifier), a loop closed by {@code goto_w}, and the code attributes that
 * hold bytecode offsets (type annotations on a cast in a loop) which must follow the instructions the polls move.
 */
class ClassFileShapesTest {
    private static final MethodTypeDesc INT_TO_INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int);

    @BeforeAll
    static void verifierOn() {
        Fixtures.assertVerifierOnForAll();
    }

    /** sum(n) = 0 + 1 + … + (n - 1), the loop closed by back (a goto or a goto_w). */
    private static void sumLoop(CodeBuilder cob, Opcode back) {
        Label top = cob.newLabel();
        Label end = cob.newLabel();
        cob.iconst_0().istore(1).iconst_0().istore(2);
        cob.labelBinding(top).iload(1).iload(0).if_icmpge(end);
        cob.iload(2).iload(1).iadd().istore(2).iinc(1, 1);
        cob.branch(back, top);
        cob.labelBinding(end).iload(2).ireturn();
    }

    private static byte[] sumClass(String name, ClassFile cf, Consumer<ClassBuilder> version,
                                   Opcode back) {
        return cf.build(ClassDesc.of(name), clb -> {
            version.accept(clb);
            clb.withMethodBody("sum", INT_TO_INT, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                    cob -> sumLoop(cob, back));
        });
    }

    private static Fixtures.Outcome run(String name, byte[] bytes, int n) {
        return Fixtures.call(RewritingLoader.link(RewritingLoader.rewriting("none.").define(name, bytes)), "sum", n);
    }

    @Test
    void classWithoutStackMapsOfVersion49() {
        byte[] original = sumClass("gen.Old", ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS),
                clb -> clb.withVersion(ClassFile.JAVA_5_VERSION, 0), Opcode.GOTO);
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
        ClassModel cm = ClassFile.of().parse(r.bytes());
        assertThat(cm.majorVersion()).isEqualTo(ClassFile.JAVA_5_VERSION);
        assertThat(cm.methods().getFirst().code().orElseThrow().findAttribute(Attributes.stackMapTable())).isEmpty();
        // A counted loop, strip-mined: one strip of 100 passes, one poll. The old verifier infers the new local.
        assertThat(run("gen.Old", r.bytes(), 100)).isEqualTo(new Fixtures.Outcome(4950, null, 1));
        assertThat(run("gen.Old", LoopPollRewriter.rewrite(original, LoopPollRewriter.Shape.EVERY_BACK_EDGE).bytes(),
                100)).isEqualTo(new Fixtures.Outcome(4950, null, 100));
    }

    @Test
    void loopClosedByGotoW() {
        byte[] original = sumClass("gen.Wide", ClassFile.of(), clb -> { }, Opcode.GOTO_W);
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
        assertThat(r.backEdges()).isEqualTo(1);
        CodeModel code = ClassFile.of().parse(r.bytes()).methods().getFirst().code().orElseThrow();
        assertThat(code.elementStream().filter(BranchInstruction.class::isInstance)
                .map(e -> ((BranchInstruction) e).opcode())).contains(Opcode.GOTO_W);
        assertThat(run("gen.Wide", r.bytes(), 100)).isEqualTo(new Fixtures.Outcome(4950, null, 100));
    }

    /** A type annotation for the test below (RuntimeVisibleTypeAnnotations). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE_USE)
    @interface Marked {}

    /** Another, kept in the class file only (RuntimeInvisibleTypeAnnotations). */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE_USE)
    @interface Unseen {}

    /**
     * Casts with a type annotation, in a loop and after it (behind the poll): javac records each checkcast's
     * offset (a type argument target).
     */
    static int castsInALoop(Object[] things) {
        int s = 0;
        for (Object o : things) {
            s += ((@Marked @Unseen Integer) o);
        }
        Object last = things[things.length - 1];
        return s + ((@Marked @Unseen Integer) last);
    }

    @Test
    void typeAnnotationOffsetsFollowTheirInstructions() throws Exception {
        byte[] original = RewritingLoader.bytesOf(ClassFileShapesTest.class.getName());
        // Offsets are counted for a poll on the back-edge; the strip-mined for-each moves more code, checked by opcode.
        byte[] rewritten = LoopPollRewriter.rewrite(original, LoopPollRewriter.Shape.EVERY_BACK_EDGE).bytes();
        byte[] stripMined = LoopPollRewriter.rewrite(original).bytes();
        for (AttributeMapper<? extends Attribute<?>> kind : List.of(Attributes.runtimeVisibleTypeAnnotations(),
                Attributes.runtimeInvisibleTypeAnnotations())) {
            assertThat(annotatedOpcodes(original, kind)).as(kind.name()).containsExactly(CHECKCAST, CHECKCAST);
            assertThat(annotatedOpcodes(rewritten, kind)).as(kind.name()).containsExactly(CHECKCAST, CHECKCAST);
            assertThat(annotatedOpcodes(stripMined, kind)).as(kind.name()).containsExactly(CHECKCAST, CHECKCAST);
            List<Integer> before = annotatedOffsets(original, kind);
            List<Integer> after = annotatedOffsets(rewritten, kind);
            assertThat(after.get(0)).as("in the loop, before its poll").isEqualTo(before.get(0));
            assertThat(after.get(1)).as("after the loop, behind its poll").isEqualTo(before.get(1) + 3);
        }
    }

    /** The opcodes at the offsets castsInALoop's code type annotations of that kind name. */
    private static List<Opcode> annotatedOpcodes(byte[] classfile, AttributeMapper<? extends Attribute<?>> kind) {
        CodeAttribute code = codeOfCastsInALoop(classfile);
        return annotatedOffsets(classfile, kind).stream().map(bci -> opcodeAt(code, bci)).toList();
    }

    /** The offsets castsInALoop's code type annotations of that kind name. */
    private static List<Integer> annotatedOffsets(byte[] classfile, AttributeMapper<? extends Attribute<?>> kind) {
        CodeAttribute code = codeOfCastsInALoop(classfile);
        Attribute<?> a = code.findAttribute(kind).orElseThrow(() -> new AssertionError("no " + kind.name()));
        List<TypeAnnotation> annotations = switch (a) {
            case RuntimeVisibleTypeAnnotationsAttribute v -> v.annotations();
            case RuntimeInvisibleTypeAnnotationsAttribute i -> i.annotations();
            default -> throw new AssertionError(a);
        };
        return annotations.stream().map(TypeAnnotation::targetInfo)
                .map(t -> code.labelToBci(((TypeAnnotation.TypeArgumentTarget) t).target())).toList();
    }

    private static CodeAttribute codeOfCastsInALoop(byte[] classfile) {
        MethodModel mm = ClassFile.of().parse(classfile).methods().stream()
                .filter(m -> m.methodName().equalsString("castsInALoop")
                        && m.methodType().equalsString("([Ljava/lang/Object;)I")).findFirst().orElseThrow();
        return mm.findAttribute(Attributes.code()).orElseThrow();
    }

    private static Opcode opcodeAt(CodeAttribute code, int bci) {
        int pos = 0;
        for (CodeElement e : code) {
            if (e instanceof Instruction i) {
                if (pos == bci) {
                    return i.opcode();
                }
                pos += i.sizeInBytes();
            }
        }
        throw new AssertionError("no instruction at " + bci);
    }
}
