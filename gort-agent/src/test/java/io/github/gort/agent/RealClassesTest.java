package io.github.gort.agent;

import io.github.gort.internal.preempt.LoopPoll;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broad smoke test on code nobody wrote for gort: every class of a library on the test class path is defined twice
 * in loaders of its own, once as it is (the control) and once after {@link LoopPollRewriter}, and linked under
 * {@code -Xverify:all}. A class the control cannot link (an optional dependency missing) is skipped; every other
 * one must link rewritten too, so each of its rewritten methods passed the verifier against the stack map table the
 * rewriter kept. The figures are printed.
 */
class RealClassesTest {
    @BeforeAll
    static void verifierOn() {
        Fixtures.assertVerifierOnForAll();
    }

    /** What one library's pass found. */
    record Tally(String library, int classes, int skipped, int rewritten, int refused, int methods, int backEdges,
                 int stripMined, int entries, List<String> failures) {
        @Override
        public String toString() {
            return library + ": " + classes + " classes linked rewritten (" + skipped + " skipped: the control does"
                    + " not link either), " + rewritten + " of them with polls in " + methods + " methods ("
                    + backEdges + " back-edges, " + stripMined + " of them strip-mined, " + entries
                    + " method entries), " + refused + " refused";
        }
    }

    @Test
    void assertjVerifiesAfterTheRewrite() throws Exception {
        Tally t = smoke(org.assertj.core.api.Assertions.class, "org.assertj.");
        System.out.println("RealClassesTest " + t);
        assertThat(t.failures()).isEmpty();
        assertThat(t.rewritten()).as("AssertJ 3.27.3: 98 classes with loops").isGreaterThan(50);
    }

    /**
     * Byte Buddy, AssertJ's dependency, with the ASM it shades: class file parsing and writing, big methods full of
     * loops and switches.
     */
    @Test
    void byteBuddyVerifiesAfterTheRewrite() throws Exception {
        Tally t = smoke(net.bytebuddy.ByteBuddy.class, "net.bytebuddy.");
        System.out.println("RealClassesTest " + t);
        assertThat(t.failures()).isEmpty();
        assertThat(t.rewritten()).isGreaterThan(100);
    }

    /**
     * Not only verified: the rewritten ASM runs. It reads and writes back ClassReader's own class file, as the
     * original ASM does, byte for byte, and polls on the way.
     */
    @Test
    void rewrittenAsmRoundTripsAClassFileAsTheOriginalDoes() throws Exception {
        byte[] input = RewritingLoader.bytesOf("net.bytebuddy.jar.asm.ClassReader");
        byte[] expected = roundTrip(RewritingLoader.transforming("net.bytebuddy.jar.asm.", UnaryOperator.identity()),
                input);
        LoopPoll.reset();
        byte[] actual = roundTrip(RewritingLoader.transforming("net.bytebuddy.jar.asm.", original -> {
            LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
            return r.changed() ? r.bytes() : original;
        }), input);
        long polls = LoopPoll.count();
        System.out.println("RealClassesTest rewritten ASM: " + input.length + " bytes read and written with " + polls
                + " polls");
        assertThat(actual).isEqualTo(expected);
        assertThat(polls).isGreaterThan(1000);
    }

    /** new ClassReader(input).accept(new ClassWriter(0), 0), in loader's ASM. */
    private static byte[] roundTrip(ClassLoader loader, byte[] input) throws Exception {
        Class<?> reader = Class.forName("net.bytebuddy.jar.asm.ClassReader", true, loader);
        Class<?> writer = Class.forName("net.bytebuddy.jar.asm.ClassWriter", true, loader);
        Class<?> visitor = Class.forName("net.bytebuddy.jar.asm.ClassVisitor", true, loader);
        Object r = reader.getConstructor(byte[].class).newInstance((Object) input);
        Object w = writer.getConstructor(int.class).newInstance(0);
        reader.getMethod("accept", visitor, int.class).invoke(r, w, 0);
        return (byte[]) writer.getMethod("toByteArray").invoke(w);
    }

    private static Tally smoke(Class<?> marker, String prefix) throws IOException, URISyntaxException {
        AtomicInteger rewritten = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger methods = new AtomicInteger();
        AtomicInteger backEdges = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        AtomicInteger stripMined = new AtomicInteger();
        UnaryOperator<byte[]> rewrite = original -> {
            try {
                LoopPollRewriter.Result r = LoopPollRewriter.rewrite(original);
                if (!r.changed()) {
                    return original;
                }
                rewritten.incrementAndGet();
                backEdges.addAndGet(r.backEdges());
                stripMined.addAndGet(r.stripMined());
                entries.addAndGet(r.entries());
                methods.addAndGet((int) ClassFile.of().parse(r.bytes()).methods().stream().filter(Fixtures::polls)
                        .count());
                return r.bytes();
            } catch (IllegalArgumentException e) {
                refused.incrementAndGet();                   // the agent would load it as it was: so do we
                System.out.println("RealClassesTest refused: " + e.getMessage());
                return original;
            }
        };
        RewritingLoader control = RewritingLoader.transforming(prefix, UnaryOperator.identity());
        RewritingLoader polled = RewritingLoader.transforming(prefix, rewrite);
        int classes = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (String name : classesIn(marker, prefix)) {
            try {
                RewritingLoader.link(Class.forName(name, false, control));
            } catch (LinkageError | ClassNotFoundException e) {
                skipped++;
                continue;
            }
            try {
                RewritingLoader.link(Class.forName(name, false, polled));
                classes++;
            } catch (LinkageError | ClassNotFoundException e) {
                failures.add(name + ": " + e);
            }
        }
        return new Tally(prefix + "*", classes, skipped, rewritten.get(), refused.get(), methods.get(),
                backEdges.get(), stripMined.get(), entries.get(), failures);
    }

    /** The binary names of the classes under prefix in the jar that holds marker (not multi-release variants). */
    private static List<String> classesIn(Class<?> marker, String prefix) throws IOException, URISyntaxException {
        Path jar = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        String dir = prefix.replace('.', '/');
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(dir) && n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
    }
}
