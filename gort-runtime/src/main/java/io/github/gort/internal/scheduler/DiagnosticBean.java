package io.github.gort.internal.scheduler;

import io.github.gort.management.DiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * One runtime's {@link DiagnosticMXBean} in the platform MBean server: registered when the runtime starts,
 * unregistered when it ends, so that a JVM that runs many runtimes (the tests) keeps none of the ended ones.
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
    /** The JVM's runtimes in start order, for unique names: the one piece of JVM-wide state, an id sequence. */
    private static final AtomicLong RUNTIMES = new AtomicLong();

    private final Sched sched;
    private final String name;
    private final ObjectName objectName;

    private DiagnosticBean(Sched sched, String name) throws JMException {
        this.sched = sched;
        this.name = name;
        this.objectName = new ObjectName("io.github.gort:type=Diagnostic,name=" + name);
    }

    /**
     * Registers sched's bean under the next name; returns it, or null (with a warning on standard error) if the
     * platform MBean server refused it: a runtime runs without its bean rather than not at all. Caller starts the
     * runtime.
     */
    public static DiagnosticBean register(Sched sched) {
        String name = "runtime-" + RUNTIMES.incrementAndGet();
        try {
            DiagnosticBean bean = new DiagnosticBean(sched, name);
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.objectName);
            return bean;
        } catch (JMException | RuntimeException e) {
            System.err.println("gort: the diagnostic MBean of " + name + " was not registered (" + e
                    + "); `gort dump` and JMX tools will not see this runtime");
            return null;
        }
    }

    /** Takes the bean out of the platform MBean server. Caller is the runtime that ended; once. */
    public void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(objectName);
        } catch (JMException e) {
            System.err.println("gort: the diagnostic MBean of " + name + " could not be unregistered: " + e);
        }
    }

    @Override
    public String getRuntimeName() {
        return name;
    }

    @Override
    public int getGoroutineCount() {
        return (int) (sched.stats.gCreated.sum() - sched.stats.gExited.sum());
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
