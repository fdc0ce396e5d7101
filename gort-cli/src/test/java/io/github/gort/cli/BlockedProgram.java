package io.github.gort.cli;

import io.github.gort.management.DiagnosticMXBean;
import io.github.gort.runtime.Chan;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.runtime.Select;
import io.github.gort.runtime.Time;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A gort program that blocks for good, run in its own JVM by DumpCommandTest: main waits on a channel receive,
 * and three goroutines wait in a receive, a select and a sleep. A platform thread outside the runtime (so never in
 * a dump) prints {@code READY} once the runtime's own MXBean shows all four parked; the test dumps it then.
 */
public final class BlockedProgram {
    static final String READY = "READY";

    private BlockedProgram() {}

    static void receiver(Chan<Integer> c) {
        c.recv();
    }

    static void selector(Chan<Integer> a, Chan<Integer> b) {
        Select.of().recv(a).recv(b).run();
    }

    static void sleeper() {
        Time.sleep(Duration.ofHours(1));
    }

    static void main() {
        Go.go(() -> receiver(Chan.make()));
        Go.go(() -> selector(Chan.make(), Chan.make()));
        Go.go(() -> sleeper());
        Chan.<Integer>make().recv();
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.ofPlatform().daemon().name("ready-reporter").start(BlockedProgram::reportWhenParked);
        GoRuntime.run(Config.fromEnvironment(), BlockedProgram::main);
    }

    /** Polls this JVM's DiagnosticMXBean until main and the three goroutines are parked, then prints READY. */
    private static void reportWhenParked() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName pattern = new ObjectName(DiagnosticMXBean.OBJECT_NAME_PATTERN);
            while (true) {
                Set<ObjectName> names = server.queryNames(pattern, null);
                if (names.size() == 1) {
                    DiagnosticMXBean bean = JMX.newMXBeanProxy(server, names.iterator().next(),
                            DiagnosticMXBean.class);
                    String dump = bean.goroutineDump();
                    if (dump.startsWith("goroutine 1 [chan receive]:") && dump.contains("[select]:")
                            && dump.contains("[sleep]:") && dump.split("\ngoroutine ").length == 4) {
                        System.out.println(READY);
                        System.out.flush();
                        return;
                    }
                }
                Thread.sleep(10);
            }
        } catch (JMException e) {
            throw new IllegalStateException("BlockedProgram: reading its own DiagnosticMXBean failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();    // a daemon nobody interrupts; if someone does, no READY
        }
    }
}
