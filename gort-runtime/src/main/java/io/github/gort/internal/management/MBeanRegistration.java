package io.github.gort.internal.management;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One MXBean of one runtime in the platform MBean server, {@code io.github.gort:type=<type>,name=runtime-<n>}:
 * GoRuntime.run asks for it as the runtime starts ({@link #later}) and {@link #close}s it once the runtime has
 * stopped, so the runtimes a JVM runs one after another do not pile up in the server.
 *
 * <h2>Registered in the background</h2>
 * The JVM's first {@code getPlatformMBeanServer} and an MXBean's introspection take about 0.4 s (measured on the
 * 2-core CI machine: an empty GoRuntime.run went from 0.05 s to 0.45 s; {@code gort run hello} from 0.8-0.9 s to
 * 1.4-1.7 s with the diagnostic bean registered inline). A program should not pay that before main runs, so the
 * registration runs on one shared daemon thread ({@code gort MBean registrar}), {@link #DELAY_MILLIS} after the
 * start (run at once in the background, it still cost {@code gort run hello} about 0.2 s of its 0.7 s on two
 * cores), and a runtime that ends first is never registered.
 *
 * <h2>Nothing of an ended runtime stays reachable</h2>
 * A bean holds its runtime, and with it every goroutine's data. So {@link #close} takes a registration that has
 * not run out of the registrar's queue ({@code setRemoveOnCancelPolicy}), and a registration that failed part-way
 * (an OutOfMemoryError inside {@code registerMBean}, seen in CI while a program filled its heap) unregisters
 * whatever it left in the server. Otherwise a program that ran out of memory kept it full after the runtime ended,
 * and its own error report ran out of memory too.
 *
 * <pre>
 * field       writer                          readers                        mode
 * registered  the registrar; close            the registrar; close           under this object's monitor
 * closed      close                           the registrar                  under this object's monitor
 * bean, name: final. RUNTIMES only grows (the JVM's one sequence of runtime names, as the server is of names).
 * </pre>
 * Invariant: {@code registered} implies {@code !closed}; the server holds {@code name} while {@code registered},
 * and otherwise only between the registrar's {@code registerMBean} and its locked look at {@code closed} (which
 * unregisters it if close came first): once close has returned and the registrar has run, the name is gone.
 */
public final class MBeanRegistration implements AutoCloseable {
    /** How long after its start a runtime is registered: one that ends sooner costs nothing (hello, tests). */
    public static final long DELAY_MILLIS = 250;
    private static final AtomicLong RUNTIMES = new AtomicLong();
    private static final ScheduledThreadPoolExecutor REGISTRAR = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "gort MBean registrar");
        t.setDaemon(true);
        return t;
    });

    static {
        REGISTRAR.setRemoveOnCancelPolicy(true);
    }

    private final Object bean;
    private final ObjectName name;
    private boolean registered;
    private boolean closed;
    /** The registrar's task, set once by {@link #later} (under this object's monitor), cancelled by close. */
    private ScheduledFuture<?> pending;

    private MBeanRegistration(Object bean, ObjectName name) {
        this.bean = bean;
        this.name = name;
    }

    /** A new runtime's name, {@code runtime-1}, {@code runtime-2}...: the same for each of its beans. */
    public static String nextRuntimeName() {
        return "runtime-" + RUNTIMES.incrementAndGet();
    }

    /** {@code io.github.gort:type=<type>,name=<runtimeName>}. */
    public static ObjectName objectName(String type, String runtimeName) {
        try {
            return new ObjectName("io.github.gort:type=" + type + ",name=" + runtimeName);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("MBeanRegistration: '" + type + "' and '" + runtimeName
                    + "' do not make an MBean name; use letters, digits and dashes", e);
        }
    }

    /**
     * Registers bean under name on the registrar thread, {@link #DELAY_MILLIS} from now, unless {@link #close} comes
     * first. A JMX failure is reported on stderr and does not stop the runtime.
     */
    public static MBeanRegistration later(Object bean, ObjectName name) {
        MBeanRegistration r = new MBeanRegistration(Objects.requireNonNull(bean, "MBeanRegistration: bean"),
                Objects.requireNonNull(name, "MBeanRegistration: name"));
        ScheduledFuture<?> task = REGISTRAR.schedule(r::registerNow, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        synchronized (r) {
            r.pending = task;
        }
        return r;
    }

    /**
     * Waits until the registrar has handled every registration submitted so far (it runs them in order), so that
     * a runtime started before is registered if it still runs, and gone if it has ended. For tests.
     */
    public static void awaitRegistrar() throws InterruptedException, ExecutionException {
        REGISTRAR.schedule(() -> { }, DELAY_MILLIS, TimeUnit.MILLISECONDS).get();   // runs after the earlier ones
    }

    public ObjectName name() {
        return name;
    }

    private void registerNow() {
        synchronized (this) {
            if (closed) {
                return;                                  // the runtime ended first: skip the server's start-up
            }
        }
        try {
            // Slow the first time (the server's start, the MXBean's introspection): not under the lock, which
            // close, at the runtime's end, would wait for.
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, name);
        } catch (JMException | RuntimeException | OutOfMemoryError e) {
            // A failure part-way may have left the name registered, and with it the runtime reachable.
            unregister();
            // An executor's task that throws is dropped without a word: say it (a full heap, seen in CI, or a
            // JMX failure), as the runtime goes on without the bean.
            System.err.println("gort: could not register " + name + " in the platform MBean server (" + e
                    + "); JMX tools and gort dump will not see this runtime");
            return;
        }
        synchronized (this) {
            if (closed) {
                unregister();                            // the runtime ended while we registered
            } else {
                registered = true;
            }
        }
    }

    /** Unregisters the MBean, or keeps it from being registered; a second call does nothing. Caller: GoRuntime. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel(false);                       // leaves the queue: it holds the bean, and the runtime
        }
        if (!registered) {
            return;
        }
        registered = false;
        unregister();
    }

    private void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // not there (never registered, or unregistered through the server): nothing to do
        } catch (JMException e) {
            System.err.println("gort: could not unregister " + name + ": " + e);
        }
    }
}
