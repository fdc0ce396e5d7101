package io.github.gort.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A second class loader for tests: it defines the classes of one package prefix itself (child-first), from the bytes
 * its parent would load, after passing them through a transform ({@link #rewriting}: {@link LoopPollRewriter}); every
 * other class comes from the parent, so the test-side {@code LoopPoll} stub, JUnit and the JDK are shared. Loading a
 * fixture here therefore runs the rewritten code, and the same class from the parent runs the original.
 *
 * <p>Classes made in a test (the ClassFile API's output) are defined with {@link #define}. Thread-safe (a class loads
 * under the JDK's per-name lock; the results map is concurrent).
 */
final class RewritingLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final String prefix;
    /** The bytes to define from the parent's, or null: the rewriter's (recorded in {@link #results}). */
    private final UnaryOperator<byte[]> transform;
    /** Where the rewriter puts counted loops' polls. */
    private final LoopPollRewriter.Shape shape;
    /** What the rewriter did, by binary name, for the classes {@link #rewriting} defined. */
    private final Map<String, LoopPollRewriter.Result> results = new ConcurrentHashMap<>();

    private RewritingLoader(String prefix, UnaryOperator<byte[]> transform, LoopPollRewriter.Shape shape) {
        super("rewriting[" + prefix + "]", RewritingLoader.class.getClassLoader());
        this.prefix = prefix;
        this.transform = transform;
        this.shape = shape;
    }

    /**
     * Defines classes whose binary name starts with prefix from their bytes after {@link LoopPollRewriter}, as the
     * agent rewrites them (counted loops strip-mined).
     */
    static RewritingLoader rewriting(String prefix) {
        return rewriting(prefix, LoopPollRewriter.Shape.STRIP_MINED);
    }

    /** As {@link #rewriting(String)}, with counted loops' polls placed as shape says. */
    static RewritingLoader rewriting(String prefix, LoopPollRewriter.Shape shape) {
        return new RewritingLoader(prefix, null, shape);
    }

    /** Defines classes whose binary name starts with prefix from transform's bytes (the identity: a control). */
    static RewritingLoader transforming(String prefix, UnaryOperator<byte[]> transform) {
        return new RewritingLoader(prefix, transform, LoopPollRewriter.Shape.STRIP_MINED);
    }

    /** What the rewriter did to the named class, or null when this loader did not rewrite it. */
    LoopPollRewriter.Result result(String binaryName) {
        return results.get(binaryName);
    }

    /** Defines a class from bytes made by the test, as they are. */
    Class<?> define(String binaryName, byte[] bytes) {
        return defineClass(binaryName, bytes, 0, bytes.length);
    }

    /**
     * Links c, which runs the verifier on it (with {@code -Xverify:all}, for every loader): HotSpot links a class
     * before it lists its methods. A {@link VerifyError} comes out of here.
     */
    static Class<?> link(Class<?> c) {
        c.getDeclaredMethods();
        return c;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] original = bytesOf(name);
                byte[] bytes = transform != null ? transform.apply(original) : rewrite(name, original);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] rewrite(String name, byte[] original) {
        LoopPollRewriter.Result r = shape == LoopPollRewriter.Shape.STRIP_MINED
                ? LoopPollRewriter.rewrite(original)              // the agent's entry: strip-mined, or the fallback
                : LoopPollRewriter.rewrite(original, shape);
        results.put(name, r);
        return r.changed() ? r.bytes() : original;
    }

    /** The class file of a class the parent can load, as the parent would read it. */
    static byte[] bytesOf(String binaryName) throws ClassNotFoundException {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = RewritingLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(binaryName + ": no resource " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
