package io.github.gort.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's {@link ClassFileTransformer}: each class the filter accepts, whose loader can see gort-runtime, gets
 * its loop polls ({@link LoopPollRewriter}); a class that cannot be rewritten loads as it was (counted, and
 * reported when verbose), so the agent never stops a class from loading.
 *
 * <p>On the module path, gort-runtime's {@code io.github.gort.internal.preempt} is exported to nobody: before a
 * rewritten class of module M loads, the runtime module is made to export that one package to M, and a named M
 * to read the runtime ({@link Instrumentation#redefineModule}). On the class path nothing is needed.
 *
 * <p>Thread-safe: classes load on many threads at once, some under their loader's lock. The per-loader cache is
 * guarded by its own monitor, never held while a loader is asked anything; the counters are adders.
 */
final class LoopPollTransformer implements ClassFileTransformer {
    private static final String LOOP_POLL_RESOURCE = LoopPollRewriter.LOOP_POLL.descriptorString()
            .substring(1).replace(";", ".class");

    private final AgentOptions options;
    private final Instrumentation inst;
    /** gort-runtime as a named module of the boot layer, or null when it is on the class path. */
    private final Module runtime;
    private final Map<ClassLoader, Boolean> seesRuntime = new WeakHashMap<>();

    final LongAdder rewritten = new LongAdder();
    final LongAdder backEdges = new LongAdder();
    final LongAdder entries = new LongAdder();
    final LongAdder leftAsTheyWere = new LongAdder();

    LoopPollTransformer(AgentOptions options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
        this.runtime = ModuleLayer.boot().findModule(ClassFilter.RUNTIME_MODULE).orElse(null);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classBeingRedefined != null || !options.filter().rewrites(module, loader, className)
                || !seesRuntime(loader)) {
            return null;                                     // hidden classes, redefinitions, the JDK, gort
        }
        try {
            LoopPollRewriter.Result r = LoopPollRewriter.rewrite(classfileBuffer);
            if (!r.changed()) {
                return null;
            }
            grantAccess(module);
            rewritten.increment();
            backEdges.add(r.backEdges());
            entries.add(r.entries());
            return r.bytes();
        } catch (Throwable t) {                              // never fail a class load: keep the original
            leftAsTheyWere.increment();
            if (options.verbose()) {
                System.err.println("gort-agent: " + className.replace('/', '.') + " loads without loop polls: " + t);
            }
            return null;
        }
    }

    /**
     * True if the inserted calls can link: the loader finds gort-runtime's LoopPoll. The loader is asked with no lock
     * held: its getResource may wait for a lock (its own monitor, say) that a thread loading a class holds while
     * that thread's transform waits for the cache; two threads may then ask the same loader, and both get the same
     * answer.
     */
    private boolean seesRuntime(ClassLoader loader) {
        Boolean known;
        synchronized (seesRuntime) {
            known = seesRuntime.get(loader);
        }
        if (known == null) {
            known = loader.getResource(LOOP_POLL_RESOURCE) != null;
            synchronized (seesRuntime) {
                seesRuntime.put(loader, known);
            }
        }
        return known;
    }

    /** Lets module's classes call LoopPoll when gort-runtime is a named module (see the class comment). */
    private void grantAccess(Module module) {
        if (runtime == null || module == null) {
            return;
        }
        if (!runtime.isExported(LoopPollRewriter.LOOP_POLL_PACKAGE, module)) {
            inst.redefineModule(runtime, Set.of(), Map.of(LoopPollRewriter.LOOP_POLL_PACKAGE, Set.of(module)),
                    Map.of(), Set.of(), Map.of());
        }
        if (module.isNamed() && !module.canRead(runtime)) {
            inst.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    String summary() {
        return "gort-agent: loop polls in " + rewritten.sum() + " classes (" + backEdges.sum() + " back-edges, "
                + entries.sum() + " method entries); " + leftAsTheyWere.sum() + " classes left as they were";
    }
}
