package io.github.gort.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GODEBUG=schedtrace=N,scheddetail=1} prints Go 1.19's lines (proc.go schedtrace), with values that are
 * true of the state: {@code blocked} says whether the M sleeps on a note, not what its park note last held.
 */
class SchedTraceTest {
    @Test
    void aRunningMIsNotBlockedAndAnIdleOneIs() {
        TestRuntimes.run(Config.defaults().gomaxprocs(2), () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(wg::done);                             // starts a second M, which then goes idle
            wg.await();
            M self = M.current();
            Sched sched = self.sched;
            String running = null;
            String idle = null;
            String trace = "";
            long giveUp = System.nanoTime() + 5_000_000_000L;
            // The other M goes idle, and may be woken again for a moment (a wakep racing the snapshot): wait for a
            // trace taken when it is asleep with its P on the idle list, and check that one trace throughout.
            while ((running == null || idle == null || !trace.startsWith("SCHED 7ms: gomaxprocs=2 idleprocs=1 "))
                    && System.nanoTime() - giveUp < 0) {
                trace = SchedTrace.format(sched, 7, true);
                running = line(trace, "  M" + self.id + ": .*");
                idle = line(trace, "  M\\d+: p=-1 curg=-1 .* spinning=false blocked=true lockedg=-1");
                Thread.onSpinWait();                     // no runtime call: this M keeps running main
            }
            assertThat(running).isEqualTo("  M" + self.id + ": p=" + self.p.id + " curg=1 mallocing=0 throwing=0"
                    + " preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=-1");
            assertThat(idle).as("an idle M, asleep in stopm, reads blocked=true").isNotNull();

            assertThat(trace).startsWith("SCHED 7ms: gomaxprocs=2 idleprocs=1 threads=")
                    .containsPattern("\n  P" + self.p.id + ": status=1 schedtick=\\d+ syscalltick=\\d+ m=" + self.id
                            + " runqsize=0 gfreecnt=\\d+ timerslen=0\n")
                    .contains("\n  G1: status=2() m=" + self.id + " lockedm=-1\n");
            assertThat(line(trace, "SCHED .*")).matches("SCHED 7ms: gomaxprocs=2 idleprocs=1 threads=\\d+"
                    + " spinningthreads=\\d+ idlethreads=\\d+ runqueue=\\d+ gcwaiting=0 nmidlelocked=0 stopwait=0"
                    + " sysmonwait=0 stwttsp=\\d+/\\d+us foreachpttsp=\\d+/\\d+us");
        });
    }

    private static String line(String text, String regex) {
        Matcher m = Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group() : null;
    }
}
