package io.github.gort.agent;

import io.github.gort.agent.fixtures.Loops;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which classes the agent rewrites (deliverable 1 of issue 13: the JDK, gort's own runtime and whatever the options
 * exclude stay untouched): {@link ClassFilter} on names, loaders and modules, and {@link LoopPollTransformer} for what
 * the filter never sees (hidden classes, redefinitions, loaders that cannot see gort-runtime).
 */
class ClassFilterTest {
    private static final ClassLoader APP = ClassLoader.getSystemClassLoader();
    private static final ClassFilter ALL = new ClassFilter(List.of(), List.of());

    @Test
    void userClassesAreRewritten() {
        assertThat(ALL.rewrites(null, APP, "com/example/Foo")).isTrue();
        assertThat(ALL.rewrites(APP.getUnnamedModule(), APP, "Foo")).isTrue();           // the unnamed package
        assertThat(ALL.rewrites(null, APP, "io/github/gort/examples/Primes")).isTrue();  // not a runtime package
    }

    @Test
    void theJdkIsNotRewritten() {
        assertThat(ALL.rewrites(Object.class.getModule(), null, "java/lang/Thread")).as("boot loader").isFalse();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        assertThat(ALL.rewrites(null, platform, "java/sql/Date")).as("platform loader").isFalse();
        assertThat(ALL.rewrites(Object.class.getModule(), APP, "com/example/Foo")).as("java.* module").isFalse();
        for (String name : List.of("java/util/Foo", "javax/swing/Foo", "jdk/internal/Foo", "sun/misc/Foo",
                "com/sun/net/Foo")) {
            assertThat(ALL.rewrites(null, APP, name)).as("%s from the class path", name).isFalse();
        }
        assertThat(ALL.rewrites(null, APP, "javafoo/Bar")).as("only whole package names").isTrue();
    }

    @Test
    void gortsOwnPackagesAreNotRewritten() {
        for (String p : ClassFilter.GORT_PACKAGES) {
            assertThat(ALL.rewrites(null, APP, p + "Anything")).as(p).isFalse();
            assertThat(ClassFilter.isGortRuntime(p + "sub/Anything")).as(p).isTrue();
        }
        assertThat(ALL.rewrites(null, APP, "io/github/gort/internal/preempt/LoopPoll")).isFalse();
        assertThat(ALL.rewrites(null, APP, "io/github/gort/agent/LoopPollRewriter")).isFalse();
        assertThat(ClassFilter.isGortRuntime("io/github/gort/runtimex/Foo")).isFalse();
    }

    @Test
    void includeTakesOnlyThosePackages() {
        ClassFilter f = new ClassFilter(List.of("com.example.", "org/acme/"), List.of());
        assertThat(f.rewrites(null, APP, "com/example/Foo")).isTrue();
        assertThat(f.rewrites(null, APP, "com/example/deep/Foo")).isTrue();
        assertThat(f.rewrites(null, APP, "org/acme/Bar")).isTrue();
        assertThat(f.rewrites(null, APP, "org/other/Bar")).isFalse();
        assertThat(f.toString()).isEqualTo("include=[com/example/, org/acme/] exclude=[]");
    }

    @Test
    void includeDoesNotReachIntoTheJdkOrGort() {
        ClassFilter f = new ClassFilter(List.of("java.", "io.github.gort."), List.of());
        assertThat(f.rewrites(null, APP, "java/util/ArrayList")).isFalse();
        assertThat(f.rewrites(null, APP, "io/github/gort/runtime/Sched")).isFalse();
        assertThat(f.rewrites(null, APP, "io/github/gort/examples/Primes")).isTrue();
    }

    @Test
    void excludeWinsOverInclude() {
        ClassFilter f = new ClassFilter(List.of("com.example."), List.of("com.example.hot."));
        assertThat(f.rewrites(null, APP, "com/example/cold/Loop")).isTrue();
        assertThat(f.rewrites(null, APP, "com/example/hot/Loop")).isFalse();
        ClassFilter g = new ClassFilter(List.of(), List.of("com/example/"));
        assertThat(g.rewrites(null, APP, "com/example/Loop")).isFalse();
        assertThat(g.rewrites(null, APP, "org/acme/Loop")).isTrue();
    }

    // ---- the transformer: what the filter never sees

    private static byte[] loops() throws ClassNotFoundException {
        return RewritingLoader.bytesOf(Loops.class.getName());
    }

    private static final String LOOPS = Loops.class.getName().replace('.', '/');

    private static LoopPollTransformer transformer(String options) {
        return new LoopPollTransformer(AgentOptions.parse(options, null), null);
    }

    @Test
    void theTransformerRewritesWhatTheFilterAccepts() throws Exception {
        // The fixtures live under io/github/gort/agent/, which the filter keeps out: name the class otherwise.
        byte[] out = transformer(null).transform(null, APP, "com/example/Loops", null, null, loops());
        assertThat(out).isNotNull();
        assertThat(LoopPollRewriter.rewrite(loops()).bytes()).isEqualTo(out);
        assertThat(transformer(null).transform(null, APP, LOOPS, null, null, loops())).as("gort's package").isNull();
    }

    @Test
    void hiddenClassesAndRedefinitionsAreLeftAlone() throws Exception {
        LoopPollTransformer t = transformer(null);
        // A hidden class reaches a transformer, if ever, without a name; the transformer then keeps its bytes.
        assertThat(t.transform(null, APP, null, null, null, loops())).isNull();
        assertThat(t.transform(null, APP, "com/example/Loops", Loops.class, null, loops())).isNull();
        assertThat(t.rewritten.sum() + t.leftAsTheyWere.sum()).isZero();
        // A lambda's proxy is such a hidden class; its body is a method of the host class, which is rewritten
        // (RewrittenCodeTest.lambdaBodiesAreRewritten).
        assertThat(((Runnable) () -> { }).getClass().isHidden()).isTrue();
    }

    @Test
    void aLoaderThatCannotSeeGortRuntimeIsLeftAlone() throws Exception {
        try (URLClassLoader blind = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(blind.getResource("io/github/gort/internal/preempt/LoopPoll.class")).isNull();
            assertThat(transformer(null).transform(null, blind, "com/example/Loops", null, null, loops())).isNull();
        }
    }

    @Test
    void excludedByTheOptionsIsLeftAlone() throws Exception {
        LoopPollTransformer t = transformer("exclude=com.example.");
        assertThat(t.transform(null, APP, "com/example/Loops", null, null, loops())).isNull();
        assertThat(t.transform(null, APP, "org/acme/Loops", null, null, loops())).isNotNull();
        assertThat(t.summary()).startsWith("gort-agent: loop polls in 1 classes (");
    }
}
