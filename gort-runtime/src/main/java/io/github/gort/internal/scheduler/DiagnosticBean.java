package io.github.gort.internal.scheduler;

import io.github.gort.management.DiagnosticMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One runtime's {@link DiagnosticMXBean}, {@code io.github.gort:type=Diagnostic,name=runtime-N}: GoRuntime.run
 * registers it in the background as the runtime starts and unregisters it when it ends (MBeanRegistration), so
 * that a JVM that runs many runtimes (the tests) keeps none of the ended ones.
 *
 * <p>A dump is asked for on a JMX thread, which is no goroutine and cannot stop the world. So it starts a
 * goroutine (made without a P, on the global run queue, as the timer thread starts AfterFunc goroutines) that
 * stops the world, reads every other goroutine (SchedDump) and hands the text back; the JMX thread waits for it
 * a bounded time. Nothing here is shared but the name (final) and the sched (final); each call has its own
 * future.
 */
public final class DiagnosticBean implements DiagnosticMXBean {
    /** How long a dump waits for its goroutine to stop the world. */
    static final long DUMP_TIMEOUT_SECONDS = 5;
    /** The type key of its MBean name. */
    public static final String TYPE = "Diagnostic";

    private final Sched sched;
    private final String name;

    /** sched's bean under the runtime name (MBeanRegistration.nextRuntimeName); GoRuntime registers it. */
    public DiagnosticBean(Sched sched, String name) {
        this.sched = sched;
        this.name = name;
    }

    @Override
    public String getRuntimeName() {
        return name;
    }

    @Override
    public int getGoroutineCount() {
        return (int) sched.goroutineCount();
    }

    @Override
    public String goroutineDump() {
        if (sched.exiting()) {
            return "gort " + name + " has ended: no goroutines to dump\n";
        }
        CompletableFuture<String> text = new CompletableFuture<>();
        G dumper = sched.goroutines.newMain(() -> {
            try {
                text.complete(SchedDump.othersWorldStopped(Goroutines.goroutineM("goroutineDump")));
            } catch (Throwable t) {
                text.completeExceptionally(t);
            }
        });
        sched.goroutines.injectglobal(dumper);
        try {
            return text.get(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS).substring(1);   // no blank line first
        } catch (TimeoutException e) {
            return racyHeaders();
        } catch (ExecutionException e) {
            return "gort " + name + ": the dump failed: " + e.getCause() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gort " + name + ": the JMX thread waiting for the dump was interrupted\n";
        }
    }

    /** The dump's headers, read racily, when the world could not be stopped: no stack is safe to walk then. */
    private String racyHeaders() {
        StringBuilder b = new StringBuilder("gort ").append(name).append(": the world did not stop within ")
                .append(DUMP_TIMEOUT_SECONDS).append(" s (every P busy in code that cannot be preempted?);")
                .append(" goroutine states only, read without stopping it:\n");
        long now = System.nanoTime();
        for (G gp : sched.allgs.snapshot()) {
            int s = gp.statusVolatile();
            if (s != GStatus.DEAD && s != GStatus.IDLE) {
                b.append('\n').append(SchedDump.header(gp.goid, s, gp.waitreason, gp.waitsince, now)).append('\n');
            }
        }
        return b.toString();
    }
}
