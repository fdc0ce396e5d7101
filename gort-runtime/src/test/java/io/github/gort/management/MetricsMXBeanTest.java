package io.github.gort.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.internal.management.MBeanRegistration;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoRuntime;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.stream.LongStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** A runtime's MetricsMXBean as a JMX client sees it: open-type attributes while it runs, gone once it ends. */
class MetricsMXBeanTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void registeredWhileRunningWithOpenTypeAttributesAndUnregisteredAfter() throws Exception {
        ObjectName[] seen = new ObjectName[1];
        Object[] attrs = new Object[5];
        GoRuntime rt = new GoRuntime(Config.defaults().gomaxprocs(7).printPanics(false));
        rt.run(() -> {
            Go.go(() -> { });
            Go.gosched();
            try {
                MBeanRegistration.awaitRegistrar();                   // registration runs in the background
                Set<ObjectName> names = SERVER.queryNames(new ObjectName("io.github.gort:type=Metrics,*"), null);
                for (ObjectName n : names) {
                    if ((Integer) SERVER.getAttribute(n, "Gomaxprocs") == 7) {   // no other test runs 7 Ps
                        seen[0] = n;
                    }
                }
                attrs[0] = SERVER.getAttribute(seen[0], "Goroutines");
                attrs[1] = SERVER.getAttribute(seen[0], "Values");
                attrs[2] = SERVER.getAttribute(seen[0], "SchedLatencies");
                attrs[3] = SERVER.invoke(seen[0], "read", new Object[] {"/gort/sched/goroutines/created:goroutines"},
                        new String[] {String.class.getName()});
                attrs[4] = SERVER.getAttribute(seen[0], "GcPauses");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(seen[0]).isNotNull();
        assertThat(seen[0].getKeyProperty("name")).matches("runtime-[0-9]+");
        assertThat((Long) attrs[0]).isGreaterThanOrEqualTo(1);
        TabularData values = (TabularData) attrs[1];
        assertThat(values.get(new Object[] {"/sched/gomaxprocs:threads"}).get("value")).isEqualTo(7.0);
        assertThat(values.containsKey(new Object[] {"/sched/latencies:seconds"})).as("histograms are apart").isFalse();
        CompositeData lat = (CompositeData) attrs[2];
        assertThat(lat.get("name")).isEqualTo("/sched/latencies:seconds");
        assertThat(((long[]) lat.get("counts")).length).isEqualTo(((double[]) lat.get("lowerBounds")).length);
        assertThat((Long) lat.get("count")).isEqualTo(LongStream.of((long[]) lat.get("counts")).sum());
        assertThat((Double) attrs[3]).isGreaterThanOrEqualTo(2);
        assertThat(((CompositeData) attrs[4]).get("count")).as("no heap, no GC pauses").isEqualTo(0L);
        MBeanRegistration.awaitRegistrar();
        assertThat(SERVER.isRegistered(seen[0])).as("unregistered once the runtime ended").isFalse();
    }

    /** Runtimes run one after another in one JVM leave no MBean behind. */
    @Test
    void manyRuntimesLeaveNoMBeans() throws Exception {
        ObjectName pattern = new ObjectName("io.github.gort:type=Metrics,*");
        MBeanRegistration.awaitRegistrar();
        int before = SERVER.queryNames(pattern, null).size();
        for (int i = 0; i < 20; i++) {
            GoRuntime.run(Config.defaults().gomaxprocs(1).printPanics(false), () -> { });
        }
        MBeanRegistration.awaitRegistrar();
        assertThat(SERVER.queryNames(pattern, null)).hasSize(before);
    }
}
