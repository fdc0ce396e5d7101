package io.github.gort.agent;

import io.github.gort.agent.Fixtures.Outcome;
import io.github.gort.agent.fixtures.ConstructorLoops;
import io.github.gort.agent.fixtures.DefaultMethodLoops;
import io.github.gort.agent.fixtures.LambdaLoops;
import io.github.gort.agent.fixtures.Loops;
import io.github.gort.agent.fixtures.Recursion;
import io.github.gort.agent.fixtures.ShapesLoops;
import io.github.gort.agent.fixtures.StaticInitLoops;
import io.github.gort.agent.fixtures.SynchronizedLoops;
import io.github.gort.agent.fixtures.ThrowingLoops;
import io.github.gort.agent.fixtures.TryFinallyLoops;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13, "rewritten code stays correct": every fixture of {@code io.github.gort.agent.fixtures} runs as compiled
 * (the class path's class, no polls) and as {@link LoopPollRewriter} left it (a {@link RewritingLoader}'s class, a
 * second loader), and the two must return the same value or throw the same exception; the rewritten one must have
 * polled, as often as its loops went round where that is knowable. The JVM runs with {@code -Xverify:all}, so each
 * rewritten class passed the verifier against the stack map table the rewriter kept.
 *
 * <p>Counts follow javac's shapes: a {@code for} or {@code while} tests at the top and jumps back with one
 * {@code goto}, which runs once per completed iteration (n polls for n iterations); a {@code do-while} jumps back
 * with a conditional branch at the bottom, which runs once per test (n polls for n passes): a poll before a
 * conditional back-edge runs whether the branch is taken or not; a self-recursive method polls once per entry.
 * Those counts are of the {@code EVERY_BACK_EDGE} shape; the agent's own shape strip-mines counted loops (one poll
 * per strip, {@link StripMiningTest}), so every fixture also runs through a second loader in that shape and must
 * behave as compiled there too.
 */
class RewrittenCodeTest {
    private RewritingLoader loader;
    private RewritingLoader stripMining;

    @BeforeAll
    static void verifierOn() {
        Fixtures.assertVerifierOnForAll();
    }

    @BeforeEach
    void newLoader() {
        loader = RewritingLoader.rewriting(Fixtures.PACKAGE, LoopPollRewriter.Shape.EVERY_BACK_EDGE);
        stripMining = RewritingLoader.rewriting(Fixtures.PACKAGE);
    }

    /** Runs name of fixture as compiled and rewritten; asserts the same behaviour; returns the rewritten run. */
    private Outcome both(Class<?> fixture, String name, Object... args) {
        Outcome original = Fixtures.call(fixture, name, args);
        assertThat(original.polls()).as("the class path's %s is not rewritten", fixture.getSimpleName()).isZero();
        Outcome rewritten = Fixtures.call(rewritten(fixture), name, args);
        assertThat(rewritten.behaviour()).as("%s.%s rewritten", fixture.getSimpleName(), name)
                .isEqualTo(original.behaviour());
        Outcome stripMined = Fixtures.call(rewritten(fixture, stripMining), name, args);
        assertThat(stripMined.behaviour()).as("%s.%s rewritten, counted loops strip-mined", fixture.getSimpleName(),
                name).isEqualTo(original.behaviour());
        return rewritten;
    }

    private Class<?> rewritten(Class<?> fixture) {
        return rewritten(fixture, loader);
    }

    private static Class<?> rewritten(Class<?> fixture, RewritingLoader loader) {
        try {
            Class<?> c = RewritingLoader.link(Class.forName(fixture.getName(), false, loader));
            assertThat(c.getClassLoader()).isSameAs(loader);
            return c;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    // ---- plain loops

    @Test
    void forLoopPollsOncePerIteration() {
        assertThat(both(Loops.class, "forSum", 1000).polls()).isEqualTo(1000);
        assertThat(both(Loops.class, "forSum", 0).polls()).isZero();
    }

    @Test
    void whileTrueWithBreak() {
        assertThat(both(Loops.class, "whileTrueBreak", 1000).polls()).isEqualTo(1000);
    }

    @Test
    void doWhilePollsOncePerTest() {
        assertThat(both(Loops.class, "doWhile", 1000).polls()).isEqualTo(1000);
        assertThat(both(Loops.class, "doWhile", 1).polls()).isEqualTo(1);
    }

    @Test
    void nestedLoopsPollOnBothBackEdges() {
        assertThat(both(Loops.class, "nested", 30, 40).polls()).isEqualTo(30 * 40 + 30);
    }

    @Test
    void labelledBreakAndContinue() {
        // n=20. For i = 0..7 the inner loop completes j = 0..i (i + 1 inner gotos) and "continue outer" at j = i + 1
        // goes to the outer step and its goto (8 outer gotos). At i = 8, "break outer" fires at j = 8 (8 * 8 > 60)
        // after 8 inner gotos. Inner: (1 + 2 + ... + 8) + 8 = 44; outer: 8.
        assertThat(both(Loops.class, "labelled", 20).polls()).isEqualTo(44 + 8);
    }

    @Test
    void switchesInsideLoops() throws Exception {
        assertThat(method(Loops.class, "tableSwitchLoop").code().orElseThrow().elementStream()
                .anyMatch(TableSwitchInstruction.class::isInstance)).as("javac made a tableswitch").isTrue();
        assertThat(method(Loops.class, "lookupSwitchLoop").code().orElseThrow().elementStream()
                .anyMatch(LookupSwitchInstruction.class::isInstance)).as("javac made a lookupswitch").isTrue();
        assertThat(both(Loops.class, "tableSwitchLoop", 500).polls()).isEqualTo(500);
        assertThat(both(Loops.class, "lookupSwitchLoop", 5000).polls()).isEqualTo(5000);
    }

    @Test
    void longAndDoubleLocals() {
        assertThat(both(Loops.class, "longDouble", 1000L).polls()).isEqualTo(1000);
    }

    @Test
    void tryCatchInsideTheLoop() {
        assertThat(both(Loops.class, "tryCatchInside", 300).polls()).isEqualTo(300);
    }

    @Test
    void whileAndEnhancedForOverAnArray() {
        assertThat(both(Loops.class, "arrayLoops", 100).polls()).isEqualTo(200);
    }

    // ---- less common shapes

    @Test
    void loopInsideASwitchExpressionWithValuesOnTheStack() {
        assertThat(both(ShapesLoops.class, "loopInSwitchExpression", 100).polls()).isEqualTo(100);
    }

    @Test
    void loopWhileANewObjectIsUninitialized() {
        assertThat(both(ShapesLoops.class, "loopWhileConstructing", 100).polls()).isEqualTo(100);
        assertThat(both(ShapesLoops.class, "loopWhileConstructing", 101).polls()).isEqualTo(101);
    }

    @Test
    void patternSwitchWithGuardsInALoop() {
        Outcome r = both(ShapesLoops.class, "patternSwitchInLoop", 12);
        assertThat(r.value()).isEqualTo("+-sSd?+-sSd?");
        assertThat(r.polls()).isGreaterThanOrEqualTo(12);        // and one per guard that failed and restarted
    }

    @Test
    void enumSwitchInALoop() {
        assertThat(both(ShapesLoops.class, "enumSwitchInLoop", 100).polls()).isEqualTo(100);
    }

    @Test
    void recordWithLoops() {
        assertThat(both(ShapesLoops.class, "recordLoops", 100).polls()).isEqualTo(200);
        Outcome r = both(ShapesLoops.class, "recordThrows", 100);
        assertThat(r.thrown()).isEqualTo("java.lang.IllegalArgumentException: negative -3");
        assertThat(r.polls()).isZero();
    }

    @Test
    void loopAtTheEntryOfASelfRecursiveMethod() {
        // 150: 8 loop passes (150 -> 94), then 94 recursive calls down to 0: 95 entries besides the first, each
        // entry polls, the loop runs only in the first. Entries: 1 + 94 = 95; loop: 8.
        assertThat(both(ShapesLoops.class, "loopAtEntry", 150).polls()).isEqualTo(95 + 8);
    }

    @Test
    void conditionalBackEdgePollsOnEveryTestTakenOrNot() {
        assertThat(both(ShapesLoops.class, "branchOntoBackEdge", 99).polls()).isEqualTo(99 + 33);
    }

    /**
     * javac never jumps back from a switch, but other compilers may: countdown(n) is made here with the loop's
     * back-edge a tableswitch (its default) and a lookupswitch (a case and the default), so each poll precedes a
     * switch. n passes, n polls.
     */
    @Test
    void switchAsTheBackEdge() throws Exception {
        MethodTypeDesc intToInt = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int);
        byte[] original = ClassFile.of().build(ClassDesc.of("gen.SwitchBack"), clb -> {
            clb.withMethodBody("table", intToInt, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                Label top = cob.newLabel();
                Label end = cob.newLabel();
                cob.iconst_0().istore(1);
                cob.labelBinding(top).iinc(1, 3).iinc(0, -1).iload(0);
                cob.tableswitch(0, 0, top, List.of(SwitchCase.of(0, end)));
                cob.labelBinding(end).iload(1).ireturn();
            });
            clb.withMethodBody("lookup", intToInt, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, cob -> {
                Label top = cob.newLabel();
                Label odd = cob.newLabel();
                Label end = cob.newLabel();
                cob.iconst_0().istore(1);
                cob.labelBinding(top).iinc(0, -1).iload(0).iconst_1().iand().ifne(odd).iinc(1, 1);
                cob.labelBinding(odd).iinc(1, 1).iload(0);
                cob.lookupswitch(top, List.of(SwitchCase.of(0, end), SwitchCase.of(7, top)));
                cob.labelBinding(end).iload(1).ireturn();
            });
        });
        LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
        assertThat(r.backEdges()).isEqualTo(2);
        Class<?> plain = RewritingLoader.link(RewritingLoader.rewriting("none.").define("gen.SwitchBack", original));
        Class<?> polled = RewritingLoader.link(RewritingLoader.rewriting("none.").define("gen.SwitchBack", r.bytes()));
        for (String name : List.of("table", "lookup")) {
            Outcome before = Fixtures.call(plain, name, 100);
            Outcome after = Fixtures.call(polled, name, 100);
            assertThat(after.behaviour()).isEqualTo(before.behaviour());
            assertThat(after.polls()).as(name).isEqualTo(100);
        }
        assertThat(Fixtures.call(polled, "table", 100).value()).isEqualTo(300);
        assertThat(Fixtures.call(polled, "lookup", 100).value()).isEqualTo(150);
    }

    // ---- try/finally

    @Test
    void loopInsideTryRunsFinallyOnce() {
        assertThat(both(TryFinallyLoops.class, "loopInTry", 100).polls()).isEqualTo(100);
        assertFinallies(1);
    }

    @Test
    void returnOutOfALoopThroughFinally() {
        assertThat(both(TryFinallyLoops.class, "returnFromLoopInTry", 100, 40).polls()).isEqualTo(40);
        assertFinallies(1);
        assertThat(both(TryFinallyLoops.class, "returnFromLoopInTry", 10, 40).polls()).isEqualTo(10);
        assertFinallies(1);
    }

    @Test
    void loopInsideFinallyOnEveryExitPath() {
        assertThat(both(TryFinallyLoops.class, "loopInFinally", 50, false).polls()).isEqualTo(50);
        assertFinallies(1);
        assertThat(both(TryFinallyLoops.class, "loopInFinally", 50, true).polls()).isEqualTo(50);
        assertFinallies(1);
        // javac copies the finally (and its loop) onto the normal path, the catch's path and the catch-all path.
        assertThat(loader.result(TryFinallyLoops.class.getName()).backEdges()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void tryFinallyInsideALoopWithBreak() {
        assertThat(both(TryFinallyLoops.class, "tryFinallyInLoop", 100, 30).polls()).isEqualTo(30);
        assertFinallies(31);
    }

    /** Both copies of TryFinallyLoops ran their finally blocks expected times since the last look. */
    private void assertFinallies(int expected) {
        assertThat(Fixtures.call(TryFinallyLoops.class, "finallies").value()).as("original").isEqualTo(expected);
        assertThat(Fixtures.call(rewritten(TryFinallyLoops.class), "finallies").value()).as("rewritten")
                .isEqualTo(expected);
    }

    // ---- exceptions through loops

    @Test
    void exceptionThrownOutOfALoop() {
        Outcome r = both(ThrowingLoops.class, "throwsAt", 100, 40);
        assertThat(r.thrown()).isEqualTo("java.lang.IllegalStateException: thrown at 40 with s=780");
        assertThat(r.polls()).isEqualTo(40);
    }

    @Test
    void exceptionCaughtOutsideTheLoop() {
        Outcome r = both(ThrowingLoops.class, "caughtOutside", 100, 40);
        assertThat(r.value()).isEqualTo("caught at 40 after 780");
        assertThat(r.polls()).isEqualTo(40);
    }

    @Test
    void exceptionCaughtInsideTheLoop() {
        Outcome r = both(ThrowingLoops.class, "caughtInside", 100, 7);
        // 15 multiples of 7 below 100 throw and are caught; the others add up to 4950 - 7 * (0 + ... + 14) = 4215.
        assertThat(r.value()).isEqualTo(4215 * 1000 + 15);
        assertThat(r.polls()).isEqualTo(100);
    }

    @Test
    void exceptionRethrownThroughNestedLoops() {
        Outcome r = both(ThrowingLoops.class, "rethrownThroughNestedLoops", 10);
        assertThat((String) r.value()).startsWith("wrapped at 0;wrapped at 1;");
        assertThat(r.polls()).isEqualTo((0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9) + 10);
    }

    // ---- monitors

    @Test
    void loopInsideSynchronized() {
        assertThat(both(SynchronizedLoops.class, "sumUnderLock", 1000).polls()).isEqualTo(1000);
    }

    @Test
    void monitorIsReleasedWhenTheLoopThrows() throws Exception {
        Outcome r = both(SynchronizedLoops.class, "throwUnderLock", 100, 40);
        assertThat(r.thrown()).isEqualTo("java.lang.IllegalStateException: thrown under the lock at 40");
        assertThat(r.polls()).isEqualTo(40);
        Class<?> c = rewritten(SynchronizedLoops.class);
        assertThat(Fixtures.call(c, "holdsLock").value()).isEqualTo(false);
        Object lock = Fixtures.call(c, "lock").value();
        assertThat(lock).isNotSameAs(SynchronizedLoops.LOCK);                  // the rewritten class's own
        assertThat(enterOnAnotherThread(lock)).isTrue();
    }

    @Test
    void synchronizedMethodReleasesTheClassMonitorWhenTheLoopThrows() throws Exception {
        Outcome r = both(SynchronizedLoops.class, "synchronizedMethod", 100, 40);
        assertThat(r.thrown()).isEqualTo("java.lang.IllegalStateException: thrown in a synchronized method at 40");
        Class<?> c = rewritten(SynchronizedLoops.class);
        assertThat(enterOnAnotherThread(c)).isTrue();
        assertThat(Fixtures.call(c, "synchronizedMethod", 10, -1).value()).isEqualTo(135);
    }

    /**
     * True if another thread takes monitor and leaves it. Bounded by 60 s, far more than a loaded 2-core machine
     * needs to start a thread; a monitor never released blocks that thread for good, and the wait ends false.
     */
    private static boolean enterOnAnotherThread(Object monitor) throws Exception {
        CompletableFuture<Boolean> entered = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("monitor-taker").start(() -> {
            synchronized (monitor) {
                entered.complete(true);
            }
        });
        try {
            return entered.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return false;
        } finally {
            t.join(TimeUnit.SECONDS.toMillis(1));
        }
    }

    // ---- an exception out of the poll itself (the runtime may raise one where a goroutine yields)

    private static final String INJECTED = "java.lang.IllegalStateException: poll %d failed (injected by the test)";

    @Test
    void exceptionFromThePollRunsTheFinallyOnce() {
        Class<?> c = rewritten(TryFinallyLoops.class);
        assertThat(Fixtures.callFailingAt(40, c, "loopInTry", 100).thrown()).isEqualTo(INJECTED.formatted(40));
        assertThat(Fixtures.call(c, "finallies").value()).isEqualTo(1);
    }

    @Test
    void exceptionFromThePollReleasesTheMonitors() throws Exception {
        Class<?> c = rewritten(SynchronizedLoops.class);
        assertThat(Fixtures.callFailingAt(10, c, "sumUnderLock", 100).thrown()).isEqualTo(INJECTED.formatted(10));
        assertThat(Fixtures.call(c, "holdsLock").value()).isEqualTo(false);
        assertThat(enterOnAnotherThread(Fixtures.call(c, "lock").value())).isTrue();
        assertThat(Fixtures.callFailingAt(5, c, "synchronizedMethod", 100, -1).thrown())
                .isEqualTo(INJECTED.formatted(5));
        assertThat(enterOnAnotherThread(c)).isTrue();
    }

    @Test
    void exceptionFromAnEntryPollLeavesTheRecursionAsAnExceptionFromTheCall() {
        // depth(50) polls at each entry; the 20th entry's poll throws, outside any handler of that frame.
        Class<?> c = rewritten(Recursion.class);
        assertThat(Fixtures.callFailingAt(20, c, "depth", 50).thrown()).isEqualTo(INJECTED.formatted(20));
        assertThat(Fixtures.callFailingAt(20, c, "tryAtEntry", 50).thrown()).isEqualTo(INJECTED.formatted(20));
    }

    // ---- lambdas and interfaces

    @Test
    void lambdaBodiesAreRewritten() {
        assertThat(both(LambdaLoops.class, "lambdaSum", 100).polls()).isEqualTo(100);
        assertThat(both(LambdaLoops.class, "capturing", 100, 7L).polls()).isEqualTo(100);
        ClassModel cm = ClassFile.of().parse(loader.result(LambdaLoops.class.getName()).bytes());
        List<MethodModel> lambdas = cm.methods().stream()
                .filter(mm -> mm.methodName().stringValue().startsWith("lambda$")).toList();
        assertThat(lambdas).hasSize(2).allMatch(Fixtures::polls);
        assertThat(lambdas).allMatch(mm -> (mm.flags().flagsMask() & ClassFile.ACC_SYNTHETIC) != 0);
    }

    @Test
    void interfaceDefaultAndStaticMethods() {
        assertThat(both(DefaultMethodLoops.class, "viaDefault", 100).polls()).isEqualTo(100);
        assertThat(both(DefaultMethodLoops.class, "viaStatic", 100).polls()).isEqualTo(100);
        assertThat(loader.result(Fixtures.PACKAGE + "Summing").backEdges()).isEqualTo(2);
    }

    // ---- recursion

    @Test
    void selfRecursionPollsAtEveryEntry() {
        assertThat(both(Recursion.class, "depth", 50).polls()).isEqualTo(51);
        assertThat(both(Recursion.class, "fib", 15).polls()).isEqualTo(2 * 987 - 1);     // fib(16) = 987
        assertThat(both(Recursion.class, "viaInstance", 20).polls()).isEqualTo(21);
        assertThat(both(Recursion.class, "tryAtEntry", 30).polls()).isEqualTo(31);
    }

    /**
     * A known limit, documented: the rewriter sees recursion only as a method calling itself, so isEven and isOdd,
     * which call each other, get no poll and a goroutine deep in them is not preempted until it returns to a loop.
     */
    @Test
    void mutualRecursionIsNotPolled() {
        assertThat(both(Recursion.class, "isEven", 1001).polls()).isZero();
        byte[] bytes = loader.result(Recursion.class.getName()).bytes();
        assertThat(Fixtures.polls(bytes, "isEven")).isFalse();
        assertThat(Fixtures.polls(bytes, "isOdd")).isFalse();
        assertThat(loader.result(Recursion.class.getName()).entries()).isEqualTo(4);   // depth, fib, tryAtEntry, down
    }

    // ---- constructors

    @Test
    void loopInAConstructor() {
        assertThat(both(ConstructorLoops.class, "afterSuper", 100).polls()).isEqualTo(100);
    }

    @Test
    void loopBeforeSuperWhileThisIsUninitialized() {
        assertThat(both(ConstructorLoops.class, "beforeSuper", 20).polls()).isEqualTo(20);
    }

    @Test
    void selfCallingConstructorPollsAtEntry() {
        // 11 constructor entries (depth 10..0) and 11 passes of the static method's for loop over the chain.
        assertThat(both(ConstructorLoops.class, "recursiveConstructor", 10).polls()).isEqualTo(11 + 11);
    }

    @Test
    void aLoopOnlyInTheClassInitializerLeavesTheClassAsItWas() {
        Outcome r = both(StaticInitLoops.class, "square", 12);
        assertThat(r.value()).isEqualTo(144);
        assertThat(r.polls()).isZero();
        assertThat(loader.result(StaticInitLoops.class.getName()).changed()).isFalse();
    }

    // ---- loaders, and the verifier

    @Test
    void twoLoadersEachRewriteTheirOwnCopy() throws ClassNotFoundException {
        RewritingLoader other = RewritingLoader.rewriting(Fixtures.PACKAGE, LoopPollRewriter.Shape.EVERY_BACK_EDGE);
        Class<?> a = rewritten(Loops.class);
        Class<?> b = RewritingLoader.link(Class.forName(Loops.class.getName(), false, other));
        assertThat(a).isNotSameAs(b).isNotSameAs(Loops.class);
        assertThat(Fixtures.call(a, "nested", 5, 6)).isEqualTo(Fixtures.call(b, "nested", 5, 6));
        assertThat(loader.result(Loops.class.getName()).bytes())
                .isEqualTo(other.result(Loops.class.getName()).bytes());    // the rewrite is deterministic
    }

    /** Every fixture class (nested and synthetic ones too) is rewritten where it loops, loads and verifies. */
    @Test
    void everyFixtureClassVerifiesAfterTheRewrite() throws Exception {
        List<String> names = fixtureClassNames();
        assertThat(names).hasSizeGreaterThanOrEqualTo(11);
        for (String name : names) {
            RewritingLoader.link(Class.forName(name, false, loader));
        }
        List<String> unchanged = names.stream().filter(n -> !loader.result(n).changed()).toList();
        assertThat(unchanged).containsExactlyInAnyOrder(Fixtures.PACKAGE + "ConstructorLoops$Base",
                Fixtures.PACKAGE + "DefaultMethodLoops", Fixtures.PACKAGE + "ShapesLoops$Holder",
                Fixtures.PACKAGE + "ShapesLoops$Op", Fixtures.PACKAGE + "StaticInitLoops",
                Fixtures.PACKAGE + "package-info");
    }

    /**
     * The control that makes the other tests mean something: the same rewrite without its stack map table fails
     * the verifier, so the verifier does check the tables the rewriter keeps.
     */
    @Test
    void withoutTheKeptStackMapTableTheVerifierRejectsTheClass() throws Exception {
        byte[] rewritten = LoopPollRewriter.rewrite(RewritingLoader.bytesOf(Loops.class.getName())).bytes();
        ClassFile dropping = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS);
        byte[] noFrames = dropping.transformClass(dropping.parse(rewritten),
                ClassTransform.transformingMethods(
                        MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL)));
        RewritingLoader bare = RewritingLoader.rewriting("no.such.package.");
        assertThatThrownBy(() -> RewritingLoader.link(bare.define(Loops.class.getName(), noFrames)))
                .isInstanceOf(VerifyError.class).hasMessageContaining("stackmap");
    }

    private static List<String> fixtureClassNames() throws IOException, URISyntaxException {
        Path dir = Path.of(Loops.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Fixtures.PACKAGE.replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".class"))
                    .map(f -> Fixtures.PACKAGE + f.substring(0, f.length() - ".class".length())).sorted().toList();
        }
    }

    private static MethodModel method(Class<?> c, String name) throws ClassNotFoundException {
        ClassModel cm = ClassFile.of().parse(RewritingLoader.bytesOf(c.getName()));
        return cm.methods().stream().filter(mm -> mm.methodName().equalsString(name)).findFirst().orElseThrow();
    }
}
