package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.management.MBeanRegistration;
import io.github.gort.management.DiagnosticMXBean;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Futures;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.Traceback;
import io.github.gort.testing.DumpSubjects;
import io.github.gort.testing.TestRuntimes;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The goroutine dump (SchedDump) from inside a running program: the header's wait time, Go.stack and Go.stackAll
 * (the caller first, running; a parked goroutine with its frames and creator), and the management bean, which
 * dumps a running runtime from a thread that is no goroutine and is gone when the runtime ends. The shapes
 * against Go 1.19's own output: conformance.GoDumpTest.
 */
class SchedDumpTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final String SELF = SchedDumpTest.class.getName();
    private static final String SUBJECTS = DumpSubjects.class.getName();

    /** Go: traceback.go goroutineheader, {@code waitfor >= 1} whole minutes since gp.waitsince. */
    @Test
    void theWaitTimeIsPrintedInWholeMinutesFromOneMinuteOn() {
        long now = System.nanoTime();
        assertThat(SchedDump.header(7, GStatus.WAITING, "chan receive", now - 3 * MINUTE - SECOND, now))
                .isEqualTo("goroutine 7 [chan receive, 3 minutes]:");
        assertThat(SchedDump.header(7, GStatus.WAITING, "chan receive", now - MINUTE, now))
                .isEqualTo("goroutine 7 [chan receive, 1 minutes]:");               // Go's plural, always
        assertThat(SchedDump.header(7, GStatus.WAITING, "select", now - 59 * SECOND, now))
                .isEqualTo("goroutine 7 [select]:");
        assertThat(SchedDump.header(1, GStatus.RUNNING, "", now - 10 * MINUTE, now))
                .isEqualTo("goroutine 1 [running]:");                                // minutes only while waiting
        assertThat(SchedDump.header(3, GStatus.RUNNABLE, "", 0, now)).isEqualTo("goroutine 3 [runnable]:");
        assertThat(SchedDump.header(4, GStatus.SYSCALL, "", 0, now)).isEqualTo("goroutine 4 [syscall]:");
    }

    @Test
    void creatorsAreFoundFromTheEntryLambdasName() {
        assertThat(SchedDump.lambdaHost("lambda$main$0")).isEqualTo("main");
        assertThat(SchedDump.lambdaHost("lambda$serve$12")).isEqualTo("serve");
        assertThat(SchedDump.lambdaHost("lambda$static$1")).isEqualTo("<clinit>");
        assertThat(SchedDump.lambdaHost("worker")).isNull();
    }

    @Test
    void stackAllShowsTheCallerRunningFirstThenEachParkedGoroutineWithItsWaitTime() {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<String> own = new AtomicReference<>();
        AtomicReference<Long> parkedGoid = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), () -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> DumpSubjects.blockedReceiver(c));
            G gp = awaitParked("chan receive");
            parkedGoid.set(gp.goid);
            gp.waitsince = System.nanoTime() - 3 * MINUTE - SECOND;       // as if it had waited 3 minutes
            own.set(DumpSubjects.stack());
            dump.set(DumpSubjects.stackAll());
            c.send(1);
        });
        assertThat(own.get()).startsWith("goroutine 1 [running]:\n" + SUBJECTS + ".stack(...)\n\tDumpSubjects.java:")
                .doesNotContain("io.github.gort.runtime.", "created by");
        assertThat(dump.get()).startsWith("goroutine 1 [running]:\n" + SUBJECTS + ".stackAll(...)\n\tDumpSubjects.java:")
                .contains("\n\ngoroutine " + parkedGoid.get() + " [chan receive, 3 minutes]:\n"
                        + SUBJECTS + ".blockedReceiver(...)\n\tDumpSubjects.java:")
                .containsPattern("\n" + SELF.replace(".", "\\.") + "\\.lambda\\$\\w+\\$[0-9]+\\(\\.\\.\\.\\)\n\tSchedDumpTest\\.java:[0-9]+\n"
                        + "created by " + SELF.replace(".", "\\.") + "\\.\\w+\n\tSchedDumpTest\\.java:[0-9]+\n")
                .doesNotContain("io.github.gort.runtime.", "jdk.internal.vm.", "VirtualThread");
    }

    @Test
    void gotracebackSystemKeepsTheRuntimesFrames() {
        AtomicReference<String> dump = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2).traceback(Traceback.SYSTEM)), () -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> DumpSubjects.blockedReceiver(c));
            awaitParked("chan receive");
            dump.set(DumpSubjects.stackAll());
            c.send(1);
        });
        assertThat(dump.get()).contains("io.github.gort.internal.chan.HChan.chanrecv(...)\n\tHChan.java:");
    }

    @Test
    void theDiagnosticBeanDumpsARunningRuntimeFromOutsideAndIsGoneWhenItEnds() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<ObjectName> name = new AtomicReference<>();
        AtomicReference<Long> parkedGoid = new AtomicReference<>();
        TestRuntimes.run(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(2)), () -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> DumpSubjects.blockedReceiver(c));
            parkedGoid.set(awaitParked("chan receive").goid);
            // A JMX client's thread, as jconsole's or gort dump's call arrives on: no goroutine. Main parks meanwhile.
            Futures.await(CompletableFuture.runAsync(() -> {
                try {
                    MBeanRegistration.awaitRegistrar();          // registered in the background, 0.25 s in
                    for (ObjectName n : server.queryNames(new ObjectName(DiagnosticMXBean.OBJECT_NAME_PATTERN), null)) {
                        String text = JMX.newMXBeanProxy(server, n, DiagnosticMXBean.class).goroutineDump();
                        if (text.contains(SUBJECTS + ".blockedReceiver(")) {
                            name.set(n);
                            dump.set(text);
                        }
                    }
                } catch (javax.management.MalformedObjectNameException | java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
            c.send(1);
        });
        assertThat(dump.get()).as("the dump of this test's runtime").isNotNull()
                .startsWith("goroutine 1 [future]:\n")
                .contains("\n\ngoroutine " + parkedGoid.get() + " [chan receive]:\n" + SUBJECTS + ".blockedReceiver(...)\n")
                .doesNotContain("[running]");                    // the goroutine that took the dump is not in it
        assertThat(name.get().getKeyProperty("name")).startsWith("runtime-");
        Set<ObjectName> left = server.queryNames(name.get(), null);
        assertThat(left).as("the bean of the ended runtime").isEmpty();
    }

    /** The goroutine other than the caller parked with reason, once it has parked. Caller runs a goroutine. */
    static G awaitParked(String reason) {
        M mp = Goroutines.goroutineM("awaitParked");
        long self = mp.curg.goid;
        Sched sched = mp.sched;
        for (int i = 0; i < 1_000_000; i++) {
            for (G gp : sched.allgs.snapshot()) {
                if (gp.goid != self && gp.statusVolatile() == GStatus.WAITING && reason.equals(gp.waitreason)) {
                    return gp;
                }
            }
            Go.gosched();
        }
        throw new AssertionError("no goroutine parked with reason " + reason + " after 1,000,000 yields");
    }
}
