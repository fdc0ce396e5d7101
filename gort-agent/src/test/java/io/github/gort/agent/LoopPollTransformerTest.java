package io.github.gort.agent;

import io.github.gort.agent.fixtures.Loops;

import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The transformer's own concurrency: classes load on many threads at once, under their loaders' locks. */
class LoopPollTransformerTest {
    /**
     * A loader whose getResource takes its own monitor, as old custom loaders with synchronized methods do, and
     * says when a caller is about to wait for it.
     */
    static final class MonitorLoader extends ClassLoader {
        final CountDownLatch asked = new CountDownLatch(1);

        MonitorLoader() {
            super("monitor-loader", ClassLoader.getSystemClassLoader());
        }

        @Override
        public URL getResource(String name) {
            asked.countDown();
            synchronized (this) {
                return super.getResource(name);
            }
        }
    }

    /**
     * Thread B holds a loader's monitor (as a class loading in a loader that is not parallel capable does) and
     * transforms a class; thread A transforms a class of that loader, so the transformer asks it whether it sees
     * gort-runtime. Were that question asked under the transformer's cache lock, A would wait for B's loader
     * monitor while holding the cache lock B waits for: both would hang. Both must finish; 60 s bounds a run that
     * takes milliseconds, so only a deadlock reaches it.
     */
    @Test
    void askingALoaderWhetherItSeesTheRuntimeHoldsNoLock() throws Exception {
        LoopPollTransformer transformer = new LoopPollTransformer(AgentOptions.parse(null, null), null);
        byte[] bytes = RewritingLoader.bytesOf(Loops.class.getName());
        MonitorLoader loader = new MonitorLoader();
        ClassLoader other = new ClassLoader("other", ClassLoader.getSystemClassLoader()) { };
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<byte[]> b = new CompletableFuture<>();
        CompletableFuture<byte[]> a = new CompletableFuture<>();
        Thread tb = Thread.ofPlatform().daemon().name("B").start(() -> {
            synchronized (loader) {
                held.countDown();
                try {
                    loader.asked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    b.completeExceptionally(e);
                    return;
                }
                b.complete(transformer.transform(null, other, "com/example/B", null, null, bytes));
            }
        });
        held.await();
        Thread ta = Thread.ofPlatform().daemon().name("A").start(
                () -> a.complete(transformer.transform(null, loader, "com/example/A", null, null, bytes)));
        try {
            assertThat(b.get(60, TimeUnit.SECONDS)).isNotNull();
            assertThat(a.get(60, TimeUnit.SECONDS)).isNotNull();
        } catch (TimeoutException e) {
            fail("deadlock: A is " + ta.getState() + ", B is " + tb.getState());
        }
        assertThat(transformer.rewritten.sum()).isEqualTo(2);
    }
}
