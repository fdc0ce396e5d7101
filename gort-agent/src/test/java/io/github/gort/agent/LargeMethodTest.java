package io.github.gort.agent;

import io.github.gort.internal.preempt.LoopPoll;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Methods near the JVM's limits, made here with the ClassFile API: {@code static int run(int n)} made of many small
 * counting loops (16 bytes each; a poll adds 3). One that still fits 64 KB after the rewrite must verify, run and
 * poll; one that would outgrow 64 KB, and ones whose short branch (a forward {@code ifeq}, a backward
 * {@code goto}) would reach past 32 KB, must be refused with an {@link IllegalArgumentException} that says why,
 * and the transformer then loads the class as it was.
 */
class LargeMethodTest {
    private static final int LOOP_BYTES = 16;
    private static final int POLL_BYTES = 3;
    private static final MethodTypeDesc INT_TO_INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int);

    @BeforeAll
    static void verifierOn() {
        Fixtures.assertVerifierOnForAll();
    }

    /** A loop of n passes adding one to local 2 (the result); locals 0 = n, 1 = the counter. 16 bytes. */
    private static void countingLoop(CodeBuilder cob) {
        Label top = cob.newLabel();
        Label end = cob.newLabel();
        cob.iconst_0().istore(1);                                  // 2 bytes
        cob.labelBinding(top).iload(1).iload(0).if_icmpge(end);    // 5
        cob.iinc(2, 1).iinc(1, 1);                                 // 6
        cob.goto_(top);                                            // 3
        cob.labelBinding(end);
    }

    /** run(n) = loops * n: the loops one after another. */
    private static byte[] sequential(String name, int loops) {
        return ClassFile.of().build(ClassDesc.of(name), clb -> clb.withMethodBody("run", INT_TO_INT,
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                    cob.iconst_0().istore(2);
                    for (int i = 0; i < loops; i++) {
                        countingLoop(cob);
                    }
                    cob.iload(2).ireturn();
                }));
    }

    /** run(n) = n == 0 ? 0 : loops * n: an ifeq jumps forward over all the loops. */
    private static byte[] skippable(String name, int loops) {
        return ClassFile.of().build(ClassDesc.of(name), clb -> clb.withMethodBody("run", INT_TO_INT,
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                    Label skip = cob.newLabel();
                    cob.iconst_0().istore(2);
                    cob.iload(0).ifeq(skip);
                    for (int i = 0; i < loops; i++) {
                        countingLoop(cob);
                    }
                    cob.labelBinding(skip).iload(2).ireturn();
                }));
    }

    /** run(n) = 2 * loops * n: an outer loop of two passes whose goto jumps back over all the inner loops. */
    private static byte[] outerLoop(String name, int loops) {
        return ClassFile.of().build(ClassDesc.of(name), clb -> clb.withMethodBody("run", INT_TO_INT,
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                    Label top = cob.newLabel();
                    Label end = cob.newLabel();
                    cob.iconst_0().istore(2).iconst_0().istore(3);
                    cob.labelBinding(top).iload(3).iconst_2().if_icmpge(end);
                    for (int i = 0; i < loops; i++) {
                        countingLoop(cob);
                    }
                    cob.iinc(3, 1).goto_(top);
                    cob.labelBinding(end).iload(2).ireturn();
                }));
    }

    private static int codeLength(byte[] classfile) {
        return ClassFile.of().parse(classfile).methods().stream()
                .filter(mm -> mm.methodName().equalsString("run")).findFirst().orElseThrow()
                .findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElseThrow();
    }

    private static int run(byte[] classfile, String name, int n) throws Exception {
        Class<?> c = RewritingLoader.link(RewritingLoader.rewriting("none.").define(name, classfile));
        return (int) c.getMethod("run", int.class).invoke(null, n);
    }

    @Test
    void methodThatStillFits64KbAfterTheRewriteVerifiesAndPolls() throws Exception {
        int loops = 3400;                                          // 54,404 bytes; 64,604 after the rewrite
        byte[] original = sequential("gen.Fits", loops);
        assertThat(codeLength(original)).isEqualTo(2 + loops * LOOP_BYTES + 2);
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
        assertThat(r.backEdges()).isEqualTo(loops);
        assertThat(codeLength(r.bytes())).isEqualTo(codeLength(original) + loops * POLL_BYTES)
                .isBetween(64_000, 65_535);
        LoopPoll.reset();
        assertThat(run(r.bytes(), "gen.Fits", 3)).isEqualTo(run(original, "gen.Fits", 3)).isEqualTo(3 * loops);
        // Both runs above count: the original polls nothing, so these are the rewritten run's 3 per loop.
        assertThat(LoopPoll.count()).isEqualTo(3L * loops);
    }

    @Test
    void methodThatWouldOutgrow64KbIsRefused() throws Exception {
        int loops = 3600;                                          // 57,604 bytes; 68,404 after the rewrite
        byte[] original = sequential("gen.TooBig", loops);
        assertThat(codeLength(original) + loops * POLL_BYTES).isGreaterThan(65_535);
        assertThatThrownBy(() -> LoopPollRewriter.rewrite(original)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gen.TooBig.run(I)I: its code (57604 bytes) would grow to 68404 with its"
                        + " polls, past the JVM's limit of 65535 bytes a method; the class is left without loop polls");
        assertLoadsAsItWas(original, "gen.TooBig", 2 * loops);
    }

    @Test
    void forwardShortBranchThatWouldOverflowIsRefused() throws Exception {
        int loops = 2040;                                          // the ifeq spans 32,643 bytes; 38,763 after
        byte[] original = skippable("gen.FarForward", loops);
        assertThat(codeLength(original)).isLessThan(32_767 + 8);
        assertShortBranchRefused(original, "gen.FarForward");
        assertLoadsAsItWas(original, "gen.FarForward", 2 * loops);
    }

    @Test
    void backwardShortBranchThatWouldOverflowIsRefused() throws Exception {
        int loops = 2040;                                          // the outer goto spans 32,6xx bytes
        byte[] original = outerLoop("gen.FarBackward", loops);
        assertShortBranchRefused(original, "gen.FarBackward");
        assertLoadsAsItWas(original, "gen.FarBackward", 2 * 2 * loops);
    }

    /**
     * A constant pool with no room for the poll's entries (a method ref, its class, name and type: five more): the
     * ClassFile API refuses to write it, and the class loads as it was.
     */
    @Test
    void classWhoseConstantPoolIsFullIsRefused() throws Exception {
        int fields = 65_520;
        byte[] original = ClassFile.of().build(ClassDesc.of("gen.FullPool"), clb -> {
            for (int i = 0; i < fields; i++) {
                clb.withField("f" + i, ConstantDescs.CD_int, ClassFile.ACC_STATIC);
            }
            clb.withMethodBody("run", INT_TO_INT, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                cob.iconst_0().istore(2);
                countingLoop(cob);
                cob.iload(2).ireturn();
            });
        });
        assertThat(ClassFile.of().parse(original).constantPool().size()).isGreaterThanOrEqualTo(65_530);
        assertThatThrownBy(() -> LoopPollRewriter.rewrite(original)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Constant pool is too large");
        LoopPollTransformer transformer = new LoopPollTransformer(AgentOptions.parse(null, null), null);
        assertThat(transformer.transform(null, RewritingLoader.rewriting("none."), "gen/FullPool", null, null,
                original)).isNull();
        assertThat(transformer.leftAsTheyWere.sum()).isEqualTo(1);
        assertThat(run(original, "gen.FullPool", 5)).isEqualTo(5);
    }

    @Test
    void aLittleBelowTheShortBranchLimitIsRewritten() throws Exception {
        int loops = 1700;                                          // 27,2xx bytes; 32,3xx after: still short
        byte[] original = outerLoop("gen.NearBackward", loops);
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
        assertThat(r.backEdges()).isEqualTo(loops + 1);
        assertThat(run(r.bytes(), "gen.NearBackward", 2)).isEqualTo(run(original, "gen.NearBackward", 2))
                .isEqualTo(2 * 2 * loops);
    }

    private static void assertShortBranchRefused(byte[] original, String name) {
        assertThatThrownBy(() -> LoopPollRewriter.rewrite(original)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + ".run(I)I: with its polls in, a short branch (goto, if*) would reach"
                        + " past its 32 KB range").hasMessageContaining("the class is left without loop polls");
    }

    /**
     * Through the agent's transformer: the refused class loads as it was (transform returns null), it is counted,
     * and with verbose the transformer says which class and why on stderr.
     */
    private static void assertLoadsAsItWas(byte[] original, String name, int expected) throws Exception {
        LoopPollTransformer transformer = new LoopPollTransformer(AgentOptions.parse("verbose", null), null);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        byte[] out;
        try {
            out = transformer.transform(null, RewritingLoader.rewriting("none."), name.replace('.', '/'), null,
                    null, original);
        } finally {
            System.setErr(saved);
        }
        assertThat(out).as("transform leaves the class as it was").isNull();
        assertThat(transformer.leftAsTheyWere.sum()).isEqualTo(1);
        assertThat(transformer.rewritten.sum()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("gort-agent: " + name + " loads without loop polls: java.lang.IllegalArgumentException: "
                        + name + ".run(I)I: ");
        assertThat(transformer.summary()).endsWith("1 classes left as they were");
        assertThat(run(original, name, 2)).isEqualTo(expected);
    }
}
